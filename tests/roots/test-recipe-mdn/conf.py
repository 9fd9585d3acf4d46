extensions = ["myst_parser", "sphinx_bizterms"]
bizterms_corpus = ["glossary"]
bizterms_link_check = "all"
exclude_patterns = ["glossary"]
