// Hand-written recall fixture: +incompatible, pre-releases, /vN major paths, withdrawn records.
module example.com/recall/go

go 1.20

toolchain go1.20.1

require (
	github.com/docker/docker v20.10.9+incompatible
	github.com/opencontainers/runc v1.0.0-rc92
	github.com/dgrijalva/jwt-go v3.2.0+incompatible
	github.com/dgrijalva/jwt-go/v4 v4.0.0-preview1
	github.com/gin-gonic/gin v1.9.1
	github.com/gorilla/sessions v1.2.1
	github.com/lib/pq v1.10.9
	github.com/miekg/dns v1.0.3
)

require (
	github.com/opencontainers/runc/libcontainer v1.0.0 // indirect
)
