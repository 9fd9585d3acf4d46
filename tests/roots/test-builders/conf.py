project = "Builders"
copyright = "2024, Example"
author = "Example"
version = release = "1.0"
extensions = ["myst_parser", "sphinx_bizterms"]
bizterms_corpus = ["corpus"]
exclude_patterns = ["_build", "corpus"]
