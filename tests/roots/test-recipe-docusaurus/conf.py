extensions = ["myst_parser", "sphinx_bizterms"]
bizterms_corpus = ["docs/terms"]
bizterms_link_check = "all"
exclude_patterns = ["docs"]
