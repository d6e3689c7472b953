"""Where the document-type model lives, so every worker describes records with the same one.

Contract:
- ``arkki train`` publishes a model to the object store under ``models/doctype/<version>/``
  and then points ``models/doctype/current.json`` at it (the pointer is written last, so a
  crash mid-publish leaves the previous model current). Every worker, on any machine, reads
  the same store.
- Until anything is published, the built-in model is used: trained from arkki's generated
  corpus (deterministic, so the same code gives the same model and version), cached in the
  local cache folder so it is trained once per machine and code version.
- Models are loaded once per process and version; loading never unpickles anything.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
import threading
from datetime import UTC, datetime
from pathlib import Path

from infra.store import ObjectNotFound, ObjectStore
from metadata.classifier import (
    ModelError,
    TypeModel,
    builtin_examples,
    load_model,
    save_model,
    train_type_model,
)

PREFIX = "models/doctype"
CURRENT = f"{PREFIX}/current.json"
MODEL_FILES = ("model.npz", "model.json")
# The built-in model is a pure function of these sources (and the seed).
_BUILTIN_SOURCES = ("classifier.py", "type_features.py", "noise.py", "doctype.py", "corpus*.py")

_lock = threading.Lock()
_loaded: dict[str, TypeModel] = {}


def builtin_fingerprint() -> str:
    """A hash of the code that trains the built-in model: a new corpus or feature set gives
    a new built-in model."""
    digest = hashlib.sha256()
    folder = Path(__file__).parent
    for pattern in _BUILTIN_SOURCES:
        for path in sorted(folder.glob(pattern)):
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def builtin_model(cache_dir: Path) -> TypeModel:
    """The model trained on arkki's generated corpus, trained on first use and cached."""
    folder = cache_dir / "models" / f"doctype-builtin-{builtin_fingerprint()}"
    with _lock:
        if str(folder) in _loaded:
            return _loaded[str(folder)]
        if not (folder / "model.json").exists():
            model = train_type_model(builtin_examples())
            _save_atomically(model, folder)
        model = load_model(folder)
        _loaded[str(folder)] = model
        return model


def current_model(store: ObjectStore, cache_dir: Path) -> TypeModel:
    """The published model, else the built-in one. ``ModelError`` if the published model is
    unreadable (never a silent fall-back to another model)."""
    try:
        pointer = json.loads(store.get_bytes(CURRENT))
    except ObjectNotFound:
        return builtin_model(cache_dir)
    version = str(pointer["version"])
    folder = cache_dir / "models" / f"doctype-{version}"
    with _lock:
        if version in _loaded:
            return _loaded[version]
        if not (folder / "model.json").exists():
            with tempfile.TemporaryDirectory(dir=_ensure(cache_dir / "models")) as tmp:
                for name in MODEL_FILES:
                    try:
                        data = store.get_bytes(f"{PREFIX}/{version}/{name}")
                    except ObjectNotFound:
                        raise ModelError(
                            f"published model {version}: {name} is missing from the store"
                        ) from None
                    (Path(tmp) / name).write_bytes(data)
                model = load_model(Path(tmp))
                if model.version != version:
                    raise ModelError(f"published model {version} holds version {model.version}")
                _replace(Path(tmp), folder)
        else:
            model = load_model(folder)
        _loaded[version] = model
        return model


def publish(store: ObjectStore, model: TypeModel, actor: str) -> str:
    """Store the model and make it current; returns its version."""
    with tempfile.TemporaryDirectory() as tmp:
        save_model(model, Path(tmp))
        for name in MODEL_FILES:
            content_type = "application/json" if name.endswith(".json") else "application/zip"
            store.put_bytes(
                f"{PREFIX}/{model.version}/{name}", (Path(tmp) / name).read_bytes(), content_type
            )
    pointer = {"version": model.version, "published_at": datetime.now(UTC).isoformat(), "by": actor}
    store.put_bytes(CURRENT, json.dumps(pointer).encode(), "application/json")
    return model.version


def published_version(store: ObjectStore) -> str | None:
    try:
        return str(json.loads(store.get_bytes(CURRENT))["version"])
    except ObjectNotFound:
        return None


def _save_atomically(model: TypeModel, folder: Path) -> None:
    parent = _ensure(folder.parent)
    tmp = Path(tempfile.mkdtemp(dir=parent, prefix=".training-"))
    try:
        save_model(model, tmp)
        _replace(tmp, folder)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _replace(source: Path, target: Path) -> None:
    """Move a finished model folder into place; another process may have won the race."""
    staged = target.parent / f".{target.name}.{id(source)}"
    shutil.copytree(source, staged)
    try:
        staged.rename(target)
    except OSError:  # the target exists: someone else placed the same model first
        shutil.rmtree(staged, ignore_errors=True)


def _ensure(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return folder
