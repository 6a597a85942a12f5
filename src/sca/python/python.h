// The Python family of dependency extractors (PyPI): requirements files, poetry.lock,
// Pipfile.lock, uv.lock, pdm.lock, pylock.toml (PEP 751) and conda environment files.
//
//   std::unique_ptr<Extractor> e = python::NewPoetryLockExtractor();
//   if (e->FileRequired(path)) auto inv = e->Extract({path, text, &reader});
#pragma once

#include <memory>

#include "sca/extractor.h"

namespace fledger::sca::python {

// "python/requirements": requirements*.txt, *requirements*.txt and requirements/*.txt, with
// `-r` includes read through the input's FileReader.
std::unique_ptr<Extractor> NewRequirementsExtractor();
// "python/poetrylock": poetry.lock (v1 categories and v2 groups).
std::unique_ptr<Extractor> NewPoetryLockExtractor();
// "python/pipfilelock": Pipfile.lock (default and develop sections).
std::unique_ptr<Extractor> NewPipfileLockExtractor();
// "python/uvlock": uv.lock, with direct/indirect and dev from the root project's entry.
std::unique_ptr<Extractor> NewUvLockExtractor();
// "python/pdmlock": pdm.lock.
std::unique_ptr<Extractor> NewPdmLockExtractor();
// "python/pylock": pylock.toml and pylock.<name>.toml (PEP 751).
std::unique_ptr<Extractor> NewPylockExtractor();
// "python/condaenv": conda environment.yml / environment.yaml; only the pip: entries (PyPI).
std::unique_ptr<Extractor> NewCondaEnvExtractor();

}  // namespace fledger::sca::python
