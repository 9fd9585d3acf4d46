extensions = ["myst_parser", "sphinx_bizterms"]
exclude_patterns = ["corpus"]

bizterms_corpus = ["corpus"]
bizterms_link_check = "sometimes"
bizterms_tooltips: bool = "yes"  # type: ignore[assignment]
bizterms_suffixes = ["md"]
bizterms_internal_prefixes = [""]
