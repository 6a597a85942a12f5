// Tests for DraftModel and WriteModelYaml: a multi-service compose project and a Kubernetes one
// give every service, its exposure, its data stores and the flows between them; the written
// model loads and passes `model check` without warnings; the draft does not depend on file order.
#include "model/draft.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "model/check.h"
#include "model/load.h"
#include "test_util.h"

namespace fledger::model {
namespace {

SourceFile File(const std::string& path, const std::string& text) {
  return {RepoPath::Parse(path).value(), text};
}

const std::vector<SourceFile> kCompose = {
    File("docker-compose.yml", R"(services:
  web:
    build: ./web
    ports: ["8080:80"]
    depends_on: [api]
  api:
    build:
      context: ./api
    ports: ["127.0.0.1:9000:9000"]
    environment:
      REDIS_URL: rediss://cache:6379
    depends_on:
      db: {condition: service_healthy}
  db:
    image: postgres:16
    secrets: [db_password]
  cache:
    image: redis:7-alpine
  jobs:
    image: ghcr.io/acme/jobs:1
secrets:
  db_password: {file: ./pw.txt}
)"),
    File("api/src/db.js", "const url = 'postgresql://app:hunter2@db:5432/shop?sslmode=require';\n"),
    File("api/Dockerfile", "FROM node:20-slim\nEXPOSE 9000\nUSER node\n"),
    File("web/Dockerfile", "FROM nginx:1.25\nEXPOSE 80\n"),
    File(".github/workflows/ci.yml", "on: push\njobs: {}\n"),
};

const Component* FindC(const Model& m, std::string_view id) {
  for (const auto& c : m.components) {
    if (c.id.str() == id) return &c;
  }
  return nullptr;
}

const Flow* FindF(const Model& m, std::string_view source, std::string_view target) {
  for (const auto& f : m.flows) {
    if (f.source.str() == source && f.target.str() == target) return &f;
  }
  return nullptr;
}

TEST(DraftModelTest, ComposeServicesExposureStoresAndFlows) {
  const Model m = DraftModel(kCompose, "shop");
  ASSERT_NE(FindC(m, "web"), nullptr);
  EXPECT_EQ(FindC(m, "web")->exposure, "internet");  // "8080:80" publishes on every interface
  EXPECT_EQ(FindC(m, "web")->paths, (std::vector<std::string>{"web/"}));
  EXPECT_EQ(FindC(m, "web")->technology, "nginx:1.25");  // from its Dockerfile
  EXPECT_EQ(FindC(m, "api")->exposure, "internal");      // loopback only
  EXPECT_EQ(FindC(m, "api")->technology, "node:20-slim");
  EXPECT_EQ(FindC(m, "db")->kind, "data-store");
  EXPECT_EQ(FindC(m, "cache")->kind, "data-store");
  EXPECT_EQ(FindC(m, "jobs")->kind, "process");
  EXPECT_EQ(FindC(m, "db")->provenance.source, "docker-compose.yml:14");
  // Flows: depends_on (list and map forms), a connection string in the environment, and one in
  // the api's code (with TLS and a password).
  ASSERT_NE(FindF(m, "web", "api"), nullptr);
  const Flow* cache = FindF(m, "api", "cache");
  ASSERT_NE(cache, nullptr);
  EXPECT_EQ(cache->protocol, "redis");
  EXPECT_TRUE(cache->encrypted);  // rediss://
  const Flow* db = FindF(m, "api", "db");
  ASSERT_NE(db, nullptr);
  EXPECT_TRUE(db->encrypted);  // sslmode=require
  EXPECT_EQ(db->authentication, "password");
  EXPECT_EQ(db->provenance.source, "api/src/db.js:1");
  EXPECT_EQ(db->data.size(), 1u);
  // The secret, the data stores' data, the CI pipeline, and questions.
  EXPECT_TRUE(std::any_of(m.data.begin(), m.data.end(), [](const DataAsset& d) {
    return d.credentials && d.classification == "secret";
  }));
  ASSERT_NE(FindC(m, "ci"), nullptr);
  EXPECT_EQ(FindC(m, "ci")->technology, "GitHub Actions");
  EXPECT_TRUE(std::any_of(m.questions.begin(), m.questions.end(), [](const Question& q) {
    return q.text.find("hunter2") == std::string::npos && q.text.find("api/src/db.js:1") != std::string::npos;
  }));
}

TEST(DraftModelTest, WrittenDraftLoadsAndPassesCheck) {
  testing::TempDir repo;
  for (const auto& f : kCompose) repo.Write(f.path.str(), f.text);
  const Model m = DraftModel(kCompose, "shop");
  const std::string yaml = WriteModelYaml(m);
  EXPECT_EQ(yaml.find("hunter2"), std::string::npos);  // connection strings are never copied
  const auto loaded = LoadModel(yaml, "threatmodel.yaml");
  ASSERT_TRUE(loaded.ok()) << loaded.error().ToString() << "\n" << yaml;
  EXPECT_EQ(loaded.value().components.size(), m.components.size());
  EXPECT_EQ(loaded.value().flows.size(), m.flows.size());
  const auto warnings = CheckModel(loaded.value(), repo.path());
  EXPECT_TRUE(warnings.empty()) << warnings.front().rule << ": " << warnings.front().message;
  // The same files in another order give the same bytes.
  auto reversed = kCompose;
  std::reverse(reversed.begin(), reversed.end());
  EXPECT_EQ(WriteModelYaml(DraftModel(reversed, "shop")), yaml);
}

TEST(DraftModelTest, KubernetesWorkloadsServicesIngressAndRbac) {
  const std::vector<SourceFile> files = {File("k8s/app.yaml", R"(apiVersion: apps/v1
kind: Deployment
metadata: {name: api}
spec:
  template:
    metadata: {labels: {app: api}}
    spec:
      serviceAccountName: api-sa
      containers:
        - name: api
          image: acme/api:1
          env:
            - {name: DATABASE_URL, value: "postgres://u:p@db.prod.svc.cluster.local/x"}
---
apiVersion: v1
kind: Service
metadata: {name: api}
spec: {selector: {app: api}}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: edge}
spec: {defaultBackend: {service: {name: api, port: {number: 80}}}}
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: pg}
spec:
  template:
    metadata: {labels: {app: pg}}
    spec: {containers: [{name: pg, image: "postgres:16"}]}
---
apiVersion: v1
kind: Service
metadata: {name: db}
spec: {selector: {app: pg}}
---
kind: ClusterRole
apiVersion: rbac.authorization.k8s.io/v1
metadata: {name: admin-ish}
rules: [{verbs: ["*"], resources: [secrets]}]
---
kind: ClusterRoleBinding
apiVersion: rbac.authorization.k8s.io/v1
metadata: {name: b}
subjects: [{kind: ServiceAccount, name: api-sa, namespace: prod}]
roleRef: {kind: ClusterRole, name: admin-ish}
)")};
  const Model m = DraftModel(files, "k8s");
  ASSERT_NE(FindC(m, "api"), nullptr);
  EXPECT_EQ(FindC(m, "api")->exposure, "internet");  // behind an Ingress
  EXPECT_NE(FindC(m, "api")->permissions.find("admin-ish (* on secrets)"), std::string::npos);
  EXPECT_EQ(FindC(m, "pg")->kind, "data-store");
  EXPECT_EQ(FindC(m, "pg")->exposure, "internal");
  const Flow* f = FindF(m, "api", "pg");  // through Service db
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->protocol, "postgres");
  EXPECT_EQ(FindC(m, "api")->boundary->str(), "cluster");
  EXPECT_TRUE(LoadModel(WriteModelYaml(m), "m.yaml").ok());
}

TEST(DraftModelTest, ReadsOnlyWhatItNeedsAndSurvivesJunk) {
  EXPECT_TRUE(DraftReads(RepoPath::Parse("compose.yaml").value()));
  EXPECT_TRUE(DraftReads(RepoPath::Parse("svc/Dockerfile").value()));
  EXPECT_TRUE(DraftReads(RepoPath::Parse(".github/workflows/x.yml").value()));
  EXPECT_FALSE(DraftReads(RepoPath::Parse("logo.png").value()));
  const Model m = DraftModel({File("docker-compose.yml", "services: [1, 2\n"),
                              File("k8s.yaml", "kind: Deployment\napiVersion: v1\nspec: 5\n")},
                             "junk");
  EXPECT_TRUE(m.components.empty());
  EXPECT_TRUE(LoadModel(WriteModelYaml(m), "m.yaml").ok());
}

// Key-value connection strings (Npgsql, ADO.NET, libpq, MySQL Connector) name the store a
// service talks to just as URLs do; authentication and logging libraries in a service's
// manifests and imports answer "how does it authenticate" and "does it log".
TEST(DraftModelTest, KeyValueConnectionStringsAndLibraries) {
  const Model m = DraftModel(
      {File("docker-compose.yml", R"(services:
  api:
    build: ./api
    ports: ["80:8080"]
  billing:
    build: ./billing
  reports:
    build: ./reports
  pg: {image: postgres:16}
  mssql: {image: mcr.microsoft.com/mssql/server:2022-latest}
  mysql: {image: mysql:8}
)"),
       File("api/appsettings.json",
            R"({"ConnectionStrings": {"Db": "Host=pg;Database=shop;Username=app;Password=s3cret;SSL Mode=Require"}})"),
       File("api/Api.csproj",
            R"(<PackageReference Include="Microsoft.AspNetCore.Authentication.JwtBearer" Version="8.0.0" />
<PackageReference Include="Serilog" Version="3.1.1" />)"),
       File("billing/config.ini", "conn = Server=mssql;Initial Catalog=billing;User Id=sa;Encrypt=true\n"),
       File("billing/requirements.txt", "Flask-Login==0.6.3\nstructlog==24.1.0\n"),
       File("reports/app.py", "import logging\nDSN = 'Server=mysql;Database=r;Uid=r;Pwd=x'\n"),
       File("reports/notes.txt", "host=pg is mentioned here but says nothing else\n")},
      "kv");
  const Flow* api = FindF(m, "api", "pg");
  ASSERT_NE(api, nullptr);
  EXPECT_EQ(api->protocol, "postgres");
  EXPECT_TRUE(api->encrypted);
  EXPECT_EQ(api->authentication, "password");
  const Flow* billing = FindF(m, "billing", "mssql");
  ASSERT_NE(billing, nullptr);
  EXPECT_TRUE(billing->encrypted);
  ASSERT_NE(FindF(m, "reports", "mysql"), nullptr);
  EXPECT_EQ(FindF(m, "reports", "pg"), nullptr);  // notes.txt is not read

  EXPECT_EQ(FindC(m, "api")->authentication, "token");
  EXPECT_NE(FindC(m, "api")->description.find("Logging: Serilog (api/Api.csproj:2)"),
            std::string::npos) << FindC(m, "api")->description;
  EXPECT_EQ(FindC(m, "billing")->authentication, "session");
  EXPECT_NE(FindC(m, "reports")->description.find("Python logging (reports/app.py:1)"),
            std::string::npos);
  auto question = [&](std::string_view id) {
    for (const auto& q : m.questions) {
      if (q.id.str() == id) return q.text;
    }
    return std::string();
  };
  EXPECT_NE(question("q-billing-log").find("logs with structlog (billing/requirements.txt:2)"),
            std::string::npos);
  EXPECT_NE(question("q-api-auth").find("ASP.NET JWT bearer"), std::string::npos);
  EXPECT_NE(question("q-reports-auth").find("How does reports authenticate"), std::string::npos);
  EXPECT_TRUE(LoadModel(WriteModelYaml(m), "m.yaml").ok());
}

// Regression (GoogleCloudPlatform/microservices-demo): Kubernetes workloads are built from
// Dockerfiles under src/<name>/ (or src/<name>/src/); each Dockerfile joins its workload instead
// of becoming a second component, and the workload's libraries are read from that folder. Only
// direct dependencies count: not go.mod's "// indirect", not pip-compile's "# via <package>",
// not comment lines.
TEST(DraftModelTest, WorkloadsJoinTheirDockerfilesAndOnlyDirectLibrariesCount) {
  const Model m = DraftModel(
      {File("kubernetes-manifests/cart.yaml", R"(apiVersion: apps/v1
kind: Deployment
metadata: {name: cartservice}
spec:
  template:
    spec:
      containers: [{name: server, image: cartservice}]
)"),
       File("kubernetes-manifests/checkout.yaml", R"(apiVersion: apps/v1
kind: Deployment
metadata: {name: checkoutservice}
spec:
  template:
    spec:
      containers: [{name: server, image: gcr.io/demo/checkoutservice:v1}]
)"),
       File("src/cartservice/src/Dockerfile",
            "FROM --platform=$BUILDPLATFORM mcr.microsoft.com/dotnet/sdk:8.0 AS builder\n"
            "FROM mcr.microsoft.com/dotnet/aspnet:8.0 AS base\nFROM base\n"),
       File("src/cartservice/src/CartService.cs", "using Microsoft.Extensions.Logging;\n"),
       File("src/checkoutservice/Dockerfile", "FROM golang:1.22\nUSER nonroot\n"),
       File("src/checkoutservice/go.mod",
            "module x\nrequire (\n\tgithub.com/sirupsen/logrus v1.9.3\n"
            "\tgolang.org/x/oauth2 v0.20.0 // indirect\n)\n"),
       File("src/checkoutservice/requirements.txt",
            "#   flask-login\nflask-login==0.6.3\n    # via locust\nstructlog==24.1.0\n"
            "    # via -r requirements.in\n")},
      "demo");
  ASSERT_EQ(m.components.size(), 2u);
  const Component* cart = FindC(m, "cartservice");
  ASSERT_NE(cart, nullptr);
  EXPECT_EQ(cart->paths, (std::vector<std::string>{"kubernetes-manifests/cart.yaml",
                                                   "src/cartservice/src/"}));
  EXPECT_NE(cart->description.find("Microsoft.Extensions.Logging"), std::string::npos);
  // Built from the Dockerfile: its final stage's base image, through the stage alias.
  EXPECT_EQ(cart->technology, "mcr.microsoft.com/dotnet/aspnet:8.0");
  EXPECT_NE(cart->description.find("Image cartservice."), std::string::npos);
  const Component* checkout = FindC(m, "checkoutservice");
  ASSERT_NE(checkout, nullptr);
  EXPECT_NE(checkout->description.find("logrus (src/checkoutservice/go.mod:3)"), std::string::npos)
      << checkout->description;
  EXPECT_NE(checkout->description.find("structlog"), std::string::npos);
  EXPECT_EQ(checkout->description.find("oauth2"), std::string::npos);       // indirect
  EXPECT_EQ(checkout->description.find("Flask-Login"), std::string::npos);  // via locust
  EXPECT_EQ(checkout->authentication, "unknown");
}

// Regression (dockersamples/example-voting-app): the app is both a compose file and Kubernetes
// manifests with the same names ("db"); a compose service's connection to "db" went to the
// cluster's workload, across boundaries. Each side resolves names among its own.
TEST(DraftModelTest, ComposeAndClusterNamesStayApart) {
  const Model m = DraftModel(
      {File("docker-compose.yml",
            "services:\n  app:\n    image: acme/app\n    environment:\n"
            "      DB: postgres://u:p@db/x\n  db:\n    image: postgres:16\n"),
       File("k8s/db.yaml",
            "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: db}\nspec:\n  template:\n"
            "    metadata: {labels: {app: db}}\n    spec: {containers: [{name: db, image: "
            "postgres}]}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: db}\n"
            "spec: {selector: {app: db}}\n")},
      "both");
  ASSERT_EQ(m.flows.size(), 1u);
  EXPECT_EQ(m.flows[0].target.str(), "db");  // the compose service, not the workload "db-2"
  EXPECT_EQ(FindC(m, "db-2")->boundary->str(), "cluster");
}

// Regression (draft_fuzz): "metadata: {naeemw :b}" made `metadata["name"]` a subscript of a
// scalar, and yaml-cpp threw out of DraftModel. The broken document is skipped, the rest read.
TEST(DraftModelTest, UnexpectedShapesSkipOnlyTheirDocument) {
  const Model m = DraftModel({File("k8s/app.yaml", R"(apiVersion: apps/v1
kind: Deployment
metadata:
  naeemw :b
spec: {template: {spec: {containers: [{name: a, image: x}]}}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: ok}
spec: {template: {metadata: {name: [1]}, spec: {containers: [{name: b, image: "postgres:16"}]}}}
)"),
                              File("docker-compose.yml",
                                   "services:\n  a:\n    build: {context: [1]}\n  b:\n"
                                   "    image: redis\n")},
                             "shapes");
  EXPECT_NE(FindC(m, "ok"), nullptr);
  EXPECT_NE(FindC(m, "b"), nullptr);
  EXPECT_TRUE(LoadModel(WriteModelYaml(m), "m.yaml").ok());
}

}  // namespace
}  // namespace fledger::model
