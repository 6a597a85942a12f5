module example.com/vulnshop/gateway

go 1.21

// INSECURE: dependencies pinned to old versions with published advisories (CWE-1395).
require (
	github.com/gin-gonic/gin v1.7.0
	gopkg.in/yaml.v2 v2.2.2
)

require (
	github.com/gin-contrib/sse v0.1.0 // indirect
	github.com/golang/protobuf v1.3.3 // indirect
	github.com/json-iterator/go v1.1.9 // indirect
	github.com/mattn/go-isatty v0.0.12 // indirect
	github.com/ugorji/go/codec v1.1.7 // indirect
)
