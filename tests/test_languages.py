"""Language identification at ingest: real English articles are kept (also short and mixed
ones), articles in other languages are rejected with the language found."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import news_articles

from sitroom import DEFAULT_SETTINGS, build, open_store
from sitroom.errors import IngestError
from sitroom.ingest import clean, read_source
from sitroom.ingest.languages import not_english
from sitroom.types import Failure

# Hand-written news paragraphs, each the same report of the Ashgabat meeting in the style
# of a wire story of that language.
FOREIGN = {
    "ru": (
        "Президенты России и Ирана встретились в пятницу в Ашхабаде на полях международного форума. "
        "Владимир Путин заявил, что отношения между двумя странами развиваются очень успешно. "
        "Стороны обсудили сотрудничество в области энергетики, транспорта и торговли, а также ситуацию "
        "на Ближнем Востоке. По словам представителя Кремля, новый договор о стратегическом партнёрстве "
        "будет подписан в ближайшее время."
    ),
    "fa": (
        "رئیس‌جمهور ایران روز جمعه در عشق‌آباد با رئیس‌جمهور روسیه دیدار و گفتگو کرد. "
        "دو طرف درباره همکاری‌های اقتصادی، انرژی و حمل و نقل و همچنین تحولات منطقه گفتگو کردند. "
        "مسعود پزشکیان گفت که روابط تهران و مسکو در مسیر درستی قرار دارد. "
        "قرار است سند همکاری جامع راهبردی میان دو کشور به زودی امضا شود."
    ),
    "ar": (
        "التقى الرئيس الإيراني مسعود بزشكيان نظيره الروسي فلاديمير بوتين يوم الجمعة في عشق آباد عاصمة تركمانستان. "
        "وناقش الجانبان التعاون في مجالات الطاقة والنقل والتجارة، إضافة إلى الأوضاع في الشرق الأوسط. "
        "وقال بوتين إن العلاقات بين البلدين تتطور بنجاح كبير. "
        "ومن المتوقع توقيع معاهدة شراكة استراتيجية شاملة بين البلدين في وقت قريب."
    ),
    "de": (
        "Der russische Präsident Wladimir Putin hat sich am Freitag in Aschgabat mit seinem iranischen "
        "Amtskollegen Massud Peseschkian getroffen. Beide Seiten sprachen über die Zusammenarbeit in den "
        "Bereichen Energie, Verkehr und Handel sowie über die Lage im Nahen Osten. Putin sagte, die "
        "Beziehungen zwischen den beiden Ländern entwickelten sich sehr erfolgreich. Ein umfassendes "
        "Abkommen über eine strategische Partnerschaft soll in Kürze unterzeichnet werden."
    ),
    "fr": (
        "Le président russe Vladimir Poutine a rencontré vendredi à Achgabat son homologue iranien "
        "Massoud Pezeshkian. Les deux dirigeants ont discuté de la coopération dans les domaines de "
        "l'énergie, des transports et du commerce, ainsi que de la situation au Moyen-Orient. Selon "
        "Vladimir Poutine, les relations entre les deux pays se développent avec beaucoup de succès. "
        "Un accord de partenariat stratégique global doit être signé prochainement."
    ),
    "es": (
        "El presidente ruso, Vladímir Putin, se reunió el viernes en Asjabad con su homólogo iraní, "
        "Masud Pezeshkián. Ambos mandatarios conversaron sobre la cooperación en energía, transporte y "
        "comercio, así como sobre la situación en Oriente Próximo. Putin afirmó que las relaciones entre "
        "los dos países se desarrollan con mucho éxito. Está previsto que un acuerdo de asociación "
        "estratégica integral se firme próximamente."
    ),
}

ENGLISH = (
    "Russian President Vladimir Putin met his Iranian counterpart Masoud Pezeshkian in Ashgabat on "
    "Friday, on the sidelines of an international forum. The two leaders discussed cooperation in "
    "energy, transport and trade, as well as the situation in the Middle East. Putin said relations "
    "between the two countries were developing very successfully. A comprehensive strategic "
    "partnership treaty is expected to be signed soon, a Kremlin spokesman told reporters."
)

# English that an identifier can get wrong: too short, or quoting another language.
ENGLISH_HARD = {
    "headline": "Café talks resume in Zürich",
    "one line": "Putin meets Pezeshkian in Ashgabat.",
    "names": "Erdoğan, Pezeshkian, Aliyev, Mirziyoyev, Tokayev and Berdimuhamedow attended.",
    "quotes Russian": ENGLISH + "\n\n"
    "“Наши отношения развиваются очень успешно,” Putin said, which translates as “our relations "
    "are developing very successfully.”\n\n" + ENGLISH,
    "quotes a Russian paragraph": ENGLISH + "\n\n" + FOREIGN["ru"] + "\n\n" + ENGLISH + "\n\n" + ENGLISH,
    "quotes German": ENGLISH + " The German chancellor called it „eine sehr ernste Lage“ on Saturday.",
    "Persian names": ENGLISH + "\n\nThe agency's headline read: «دیدار پزشکیان و پوتین در عشق‌آباد».",
    "short German phrase": "The minister said the talks were, in his words, „sehr konstruktiv“.",
}


def _clean_file(path: Path):
    (raw,) = list(read_source(path, DEFAULT_SETTINGS))
    assert not isinstance(raw, Failure), raw
    return clean(raw)


def test_no_real_english_article_is_rejected():
    articles = news_articles()
    assert len(articles) > 800, "the ECB+ and MEANTIME texts are in ../shared/data"
    rejected = [(name, reason) for name, text in articles if (reason := not_english(text))]
    assert rejected == []


def test_plain_english_skips_the_model_and_changes_no_verdict(monkeypatch):
    """Chunks full of English function words are kept without asking the identifier, and
    every verdict, with its reason, is the one the identifier alone gives."""
    from sitroom.ingest import languages

    texts = [text for _, text in news_articles()] + list(FOREIGN.values()) + list(ENGLISH_HARD.values())
    asked: list[str] = []
    detect = languages.detect
    monkeypatch.setattr(languages, "detect", lambda text: asked.append(text) or detect(text))
    quick = [not_english(text) for text in texts]
    quick_asked = len(asked)
    monkeypatch.setattr(languages, "_plainly_english", lambda chunk: False)
    asked.clear()
    assert [not_english(text) for text in texts] == quick
    assert quick_asked < len(asked) / 5  # the model read under a fifth of the chunks it reads alone
    assert sum(reason is not None for reason in quick) == len(FOREIGN)


@pytest.mark.parametrize("label", sorted(ENGLISH_HARD))
def test_short_and_mixed_english_is_kept(tmp_path, label):
    text = ENGLISH_HARD[label]
    assert not_english(text) is None
    if len(text) > 200:  # a one-line file is all title; an article goes through clean
        path = tmp_path / "article.txt"
        path.write_text("Title\n\n" + text + "\n", encoding="utf-8")
        assert _clean_file(path).text.strip()


@pytest.mark.parametrize("code", sorted(FOREIGN))
def test_foreign_article_is_rejected_with_its_language(tmp_path, code):
    path = tmp_path / f"{code}.txt"
    path.write_text(FOREIGN[code] + "\n", encoding="utf-8")
    with pytest.raises(IngestError) as caught:
        _clean_file(path)
    reason = str(caught.value)
    assert re.fullmatch(rf"not English \(detected: {code}, (0\.\d\d|1\.00)\)", reason), reason


@pytest.mark.parametrize("code", ["ru", "fa", "ar"])
def test_one_sentence_in_another_script_is_rejected(code):
    sentence = FOREIGN[code].split(". ")[0]
    assert (not_english(sentence) or "").startswith("not English"), sentence


def test_build_records_each_foreign_article_as_rejection(tmp_path, fresh_db):
    folder = tmp_path / "mixed"
    folder.mkdir()
    for code, text in FOREIGN.items():
        (folder / f"{code}.txt").write_text(text + "\n", encoding="utf-8")
    (folder / "en.txt").write_text(ENGLISH + "\n", encoding="utf-8")
    records = [{"id": code, "text": text} for code, text in FOREIGN.items()] + [{"id": "en", "text": ENGLISH}]
    (folder / "feed.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records), encoding="utf-8")
    with open_store(str(fresh_db)) as store:
        report = build([folder], store, DEFAULT_SETTINGS)
        rejections = {Path(f.path).name: f.reason for f in store.rejections()}
        stored = sorted(Path(d.path).name for d in store.documents())
    expected = {f"{code}.txt" for code in FOREIGN} | {f"feed.jsonl#{code}" for code in FOREIGN}
    assert set(rejections) == expected
    assert {Path(f.path).name for f in report.failures} == expected
    for name, reason in rejections.items():
        code = name.split(".")[0] if name.endswith(".txt") else name.split("#")[1]
        assert reason.startswith(f"not English (detected: {code}, "), (name, reason)
    assert stored == ["en.txt", "feed.jsonl#en"]
