// Hand-written recall fixture: a replace directive decides the version that is built.
module example.com/recall/goreplace

go 1.21

require github.com/opencontainers/runc v1.1.12

replace github.com/opencontainers/runc v1.1.12 => github.com/opencontainers/runc v1.0.0-rc93
