extensions = ["myst_parser", "sphinx_bizterms"]
project = "Baseline"
bizterms_corpus = ["corpus"]
bizterms_baseline = "bizterms-baseline.json"
exclude_patterns = ["_build", "corpus"]
