extensions = ["myst_parser", "sphinx_bizterms"]
bizterms_corpus = ["vault"]
bizterms_link_check = "all"
exclude_patterns = ["vault"]
