extensions = ["myst_parser", "sphinx_bizterms"]
bizterms_corpus = ["_glossary"]
bizterms_link_check = "all"
exclude_patterns = ["_glossary"]
