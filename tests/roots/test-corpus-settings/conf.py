extensions = ["myst_parser", "sphinx_bizterms"]
language = "en"
bizterms_corpus = [
    {"path": "own", "fields": {"aliases": ["aka"]}},
    {"path": "hugo", "site_url": "example.org"},
    {"path": "danish", "language": "da"},
    "hugo/pod.md",
]
bizterms_link_check = "all"
exclude_patterns = ["own", "hugo", "danish"]
