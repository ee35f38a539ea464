"""What the build holds in memory: the models go once every page is
rendered, before the pages are converted and MkDocs builds the site."""

from __future__ import annotations

import weakref

import pytest

from generator.publishing import build as build_module
from generator.publishing.build import BuildOptions, build
from tests.helpers import CONFIG, SOURCE

# Every test here builds a site.
pytestmark = pytest.mark.site


def test_the_models_are_let_go_before_the_pages_are_converted(tmp_path, monkeypatch) -> None:
    models: list[weakref.ref] = []
    alive_at_conversion: list[int] = []
    render_pages, convert_pages = build_module.render_pages, build_module.convert_pages

    def rendering(docs, *args, **kwargs):
        models.extend(weakref.ref(doc) for doc in docs)
        models.extend(weakref.ref(block) for doc in docs for block in doc.walk())
        return render_pages(docs, *args, **kwargs)

    def converting(*args, **kwargs):
        alive_at_conversion.append(sum(ref() is not None for ref in models))
        return convert_pages(*args, **kwargs)

    monkeypatch.setattr(build_module, "render_pages", rendering)
    monkeypatch.setattr(build_module, "convert_pages", converting)
    result = build(BuildOptions(source=SOURCE, config=CONFIG, site_dir=tmp_path / "site",
                                cache_dir=tmp_path / "cache"))
    assert len(result.documents) == 5
    assert len(models) > 100  # the documents and their blocks were seen alive while rendered
    assert alive_at_conversion == [0]
    assert (tmp_path / "site" / "documents" / "cop11-report.html").is_file()
