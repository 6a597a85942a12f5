// Hand-written recall fixture: pseudo-versions at the edges of Go vulndb ranges.
module example.com/recall/gopseudo

go 1.22

require (
	github.com/satori/go.uuid v1.2.1-0.20180301000000-abcdefabcdef
	github.com/miekg/dns v1.0.4-0.20180125103619-43913f2f4fbd
	gopkg.in/yaml.v3 v3.0.0-20220520000000-aaaaaaaaaaaa
	github.com/gin-gonic/gin v1.3.1-0.20190301021747-ccb9e902956d
	github.com/docker/docker v26.0.0-rc1+incompatible
	github.com/opencontainers/runc v1.2.0-rc.2
)

require (
	github.com/dgrijalva/jwt-go v0.0.0-20150101000000-aaaaaaaaaaaa // indirect
	golang.org/x/sys v0.0.0-20220412211240-33da011f77ad // indirect
)
