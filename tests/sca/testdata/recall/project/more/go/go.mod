module example.com/p3

go 1.21

require (
	github.com/docker/docker v25.0.5+incompatible
	github.com/opencontainers/runc v1.1.12
	golang.org/x/sys v0.44.0
	github.com/gin-gonic/gin v1.9.0 // indirect
)

exclude github.com/gin-gonic/gin v1.8.0
