// The VulnShop gateway: forwards /api to the web service and reads its routes from YAML.
// DELIBERATELY INSECURE - for training, never deploy.
package main

import (
	"log"
	"net/http/httputil"
	"net/url"
	"os"

	"github.com/gin-gonic/gin"
	"gopkg.in/yaml.v2"
)

type routes struct {
	Upstream string `yaml:"upstream"`
}

func main() {
	raw, err := os.ReadFile("routes.yaml")
	if err != nil {
		log.Fatal(err)
	}
	var r routes
	// INSECURE: untrusted YAML parsed with a yaml.v2 version affected by CVE-2019-11254.
	if err := yaml.Unmarshal(raw, &r); err != nil {
		log.Fatal(err)
	}
	target, err := url.Parse(r.Upstream)
	if err != nil {
		log.Fatal(err)
	}
	proxy := httputil.NewSingleHostReverseProxy(target)
	engine := gin.Default()
	engine.Any("/api/*path", func(c *gin.Context) { proxy.ServeHTTP(c.Writer, c.Request) })
	log.Fatal(engine.Run(":8081"))
}
