"""Settings from the environment, and the adapters they select.

ARKKI_HOME        data folder (default: the user's data dir, e.g. ~/.local/share/arkki)
ARKKI_STORE       object store: a folder path or file:// URL (default ARKKI_HOME/objects), or
                  s3://bucket/prefix (endpoint and credentials from the AWS_* variables;
                  ARKKI_S3_LOCK_MODE, ARKKI_S3_LOCK_DAYS, ARKKI_S3_MULTIPART_MB,
                  ARKKI_S3_PART_MB, ARKKI_S3_MAX_ATTEMPTS tune it: see infra/store_s3.py)
ARKKI_CATALOG     SQLAlchemy URL (default sqlite:///ARKKI_HOME/catalog.sqlite)
ARKKI_SEARCH      "embedded" (default; index under ARKKI_HOME/index) or an OpenSearch URL
                  http(s)://[user:password@]host:9200[/alias] (alias default arkki-records);
                  also ARKKI_SEARCH_USER, ARKKI_SEARCH_PASSWORD, ARKKI_SEARCH_CA (CA bundle)
ARKKI_WORKERS     pages OCR'd at once (default: CPU cores; Tesseract runs one thread each)
ARKKI_TASK_RUNNER "threads" (default: pages on threads of this process) or "dask" (pages on
                  a Dask cluster through prefect-dask: see flows/dask_pages.py)
ARKKI_DASK_ADDRESS  scheduler of a running Dask cluster, tcp://host:8786 (default: a local
                  cluster of ARKKI_WORKERS processes for each run)
ARKKI_OCR_LANG    default Tesseract languages (default fin+swe)
ARKKI_OCR_ENGINE  "tesserocr" (default: Tesseract 5.5 as a library) or "tesseract" (the CLI)
ARKKI_OCR_CLEAN   clean-up of the OCR input only: "none" (default), "despeckle", "binarise"
                  or "despeckle+binarise"; the stored master and the PDF image stay as scanned
ARKKI_OCR_TIMEOUT seconds one page may take in Tesseract before it fails (default 300)
ARKKI_MIN_PPI     lowest accepted scan resolution (default 300)
ARKKI_MAX_MEGAPIXELS  largest accepted page image (default 100)
ARKKI_REVIEW_OCR_QUALITY      page OCR quality score under which a page is flagged (80)
ARKKI_REVIEW_TYPE_CONFIDENCE  document-type confidence under which it needs review (0.8)
ARKKI_REVIEW_CLASS_CONFIDENCE records-plan class confidence under which it needs review (0.5)
ARKKI_RECORDS_PLAN  the agency's records-management plan, YAML or CSV (default: the sample)
ARKKI_CACHE       local cache, e.g. of the built-in document-type model (default: user cache)
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Literal

import platformdirs
from pydantic import BaseModel, Field, ValidationError

from infra.catalog import Catalog
from infra.search.base import SearchIndex
from infra.store import LocalObjectStore, ObjectStore
from metadata.classifier import ModelError, TypeModel
from metadata.model_registry import current_model
from metadata.plan import PlanError, RecordsPlan, load_plan, sample_plan
from ocr.engine import OcrEngine, OcrError, TesseractEngine


class ConfigError(Exception):
    pass


ENV_NAMES = {"ocr_languages": "ARKKI_OCR_LANG", "ocr_timeout_s": "ARKKI_OCR_TIMEOUT"}


class Settings(BaseModel):
    home: Path
    store: str
    catalog: str
    search: str = "embedded"
    workers: int = Field(ge=1)
    ocr_languages: str = "fin+swe"
    ocr_engine: Literal["tesserocr", "tesseract"] = "tesserocr"
    ocr_clean: Literal["none", "despeckle", "binarise", "despeckle+binarise"] = "none"
    ocr_timeout_s: int = Field(default=300, ge=1)
    min_ppi: int = Field(default=300, ge=1)
    max_megapixels: float = Field(default=100.0, gt=0)
    review_ocr_quality: float = Field(default=80.0, ge=0, le=100)
    review_type_confidence: float = Field(default=0.8, ge=0, le=1)
    review_class_confidence: float = Field(default=0.5, ge=0, le=1)
    records_plan: Path | None = None
    cache: Path
    task_runner: Literal["threads", "dask"] = "threads"
    dask_address: str | None = None

    @classmethod
    def from_env(cls) -> Settings:
        env = os.environ
        home = Path(env.get("ARKKI_HOME") or platformdirs.user_data_dir("arkki")).expanduser()
        try:
            return cls.model_validate(
                {
                    "home": home,
                    "store": env.get("ARKKI_STORE") or str(home / "objects"),
                    "catalog": env.get("ARKKI_CATALOG") or f"sqlite:///{home / 'catalog.sqlite'}",
                    "search": env.get("ARKKI_SEARCH") or "embedded",
                    "workers": int(env.get("ARKKI_WORKERS") or (os.cpu_count() or 1)),
                    "ocr_languages": env.get("ARKKI_OCR_LANG") or "fin+swe",
                    "ocr_engine": env.get("ARKKI_OCR_ENGINE") or "tesserocr",
                    "ocr_clean": env.get("ARKKI_OCR_CLEAN") or "none",
                    "ocr_timeout_s": int(env.get("ARKKI_OCR_TIMEOUT") or 300),
                    "min_ppi": int(env.get("ARKKI_MIN_PPI") or 300),
                    "max_megapixels": float(env.get("ARKKI_MAX_MEGAPIXELS") or 100),
                    "review_ocr_quality": float(env.get("ARKKI_REVIEW_OCR_QUALITY") or 80),
                    "review_type_confidence": float(env.get("ARKKI_REVIEW_TYPE_CONFIDENCE") or 0.8),
                    "review_class_confidence": float(
                        env.get("ARKKI_REVIEW_CLASS_CONFIDENCE") or 0.5
                    ),
                    "records_plan": env.get("ARKKI_RECORDS_PLAN") or None,
                    "cache": Path(
                        env.get("ARKKI_CACHE") or platformdirs.user_cache_dir("arkki")
                    ).expanduser(),
                    "task_runner": env.get("ARKKI_TASK_RUNNER") or "threads",
                    "dask_address": env.get("ARKKI_DASK_ADDRESS") or None,
                }
            )
        except ValidationError as error:
            first = error.errors()[0]
            field = str(first["loc"][0]) if first["loc"] else "*"
            name = ENV_NAMES.get(field, "ARKKI_" + field.upper())
            raise ConfigError(f"invalid {name}: {first['msg']}") from error
        except ValueError as error:
            raise ConfigError(f"invalid ARKKI_* setting: {error}".splitlines()[0]) from error

    @property
    def workdir(self) -> Path:
        return self.home / "work"


def open_plan(settings: Settings) -> RecordsPlan:
    """The agency's records plan (ARKKI_RECORDS_PLAN), else the shipped sample."""
    if settings.records_plan is None:
        return sample_plan()
    try:
        return load_plan(settings.records_plan)
    except OSError as error:
        raise ConfigError(
            f"ARKKI_RECORDS_PLAN={settings.records_plan}: cannot read it "
            f"({error.strerror or error})"
        ) from error
    except PlanError as error:
        problems = "; ".join(error.problems[:3])
        more = f" (and {len(error.problems) - 3} more)" if len(error.problems) > 3 else ""
        raise ConfigError(
            f"ARKKI_RECORDS_PLAN={settings.records_plan}: {problems}{more}"
        ) from error


def open_type_model(settings: Settings, store: ObjectStore) -> TypeModel:
    """The published document-type model, else the built-in one (trained once, cached)."""
    try:
        return current_model(store, settings.cache)
    except ModelError as error:
        raise ConfigError(f"document-type model: {error}") from error


def open_engine(settings: Settings) -> OcrEngine:
    if settings.ocr_engine == "tesseract":
        return TesseractEngine(timeout_s=settings.ocr_timeout_s)
    from ocr.tesserocr_engine import TesserocrEngine

    try:
        return TesserocrEngine(workers=settings.workers, timeout_s=settings.ocr_timeout_s)
    except OcrError as error:
        raise ConfigError(str(error)) from error


def open_store(settings: Settings) -> ObjectStore:
    location = settings.store
    if location.startswith("file://"):
        location = location[len("file://") :]
    if location.startswith("s3://"):
        from infra.store import StoreError
        from infra.store_s3 import S3ObjectStore

        try:
            return S3ObjectStore.from_url(location)
        except StoreError as error:
            raise ConfigError(f"ARKKI_STORE={settings.store}: {error}") from error
    if "://" in location:
        raise ConfigError(
            f"ARKKI_STORE={settings.store}: use a local folder, a file:// URL or s3://bucket/prefix"
        )
    return LocalObjectStore(Path(location))


def open_catalog(settings: Settings) -> Catalog:
    if settings.catalog.startswith("sqlite:///"):
        Path(settings.catalog[len("sqlite:///") :]).parent.mkdir(parents=True, exist_ok=True)
    return Catalog(settings.catalog)


def open_search(settings: Settings) -> SearchIndex:
    if settings.search.startswith(("http://", "https://")):
        from infra.search.opensearch import OpenSearchIndex

        try:
            return OpenSearchIndex(
                settings.search,
                user=os.environ.get("ARKKI_SEARCH_USER") or None,
                password=os.environ.get("ARKKI_SEARCH_PASSWORD") or None,
                ca_certs=os.environ.get("ARKKI_SEARCH_CA") or None,
            )
        except ValueError as error:
            raise ConfigError(f"ARKKI_SEARCH: {error}") from error
    if settings.search != "embedded":
        raise ConfigError(
            f'ARKKI_SEARCH={settings.search}: expected "embedded" or an http(s):// URL of '
            "an OpenSearch cluster"
        )
    from infra.search.embedded import EmbeddedIndex

    return EmbeddedIndex(settings.home / "index")


def quiet_prefect_loggers(shutting_down: bool = False) -> None:
    """Keep Prefect's own log lines (its events worker, its database pool at shutdown) off
    the terminal, so stderr carries arkki's one-line messages only. Set
    PREFECT_LOGGING_LEVEL to another level to see them.
    """
    if os.environ.get("PREFECT_LOGGING_LEVEL", "CRITICAL") != "CRITICAL":
        return
    for name in list(logging.root.manager.loggerDict):
        if name.startswith(("prefect", "sqlalchemy", "uvicorn", "httpx")):
            logging.getLogger(name).setLevel(logging.CRITICAL)
    if shutting_down:  # the run is over: nothing below CRITICAL is worth a user's attention
        logging.disable(logging.ERROR)


def configure_prefect(settings: Settings) -> None:
    """Prefect in local mode, its state inside ARKKI_HOME; call before importing prefect."""
    prefect_home = settings.home / "prefect"
    prefect_home.mkdir(parents=True, exist_ok=True)
    defaults = {
        "PREFECT_HOME": str(prefect_home),
        "PREFECT_SERVER_EPHEMERAL_ENABLED": "true",
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_LOGGING_LEVEL": "CRITICAL",
        "PREFECT_SERVER_LOGGING_LEVEL": "ERROR",
        "PREFECT_LOGGING_LOG_PRINTS": "false",
        "PREFECT_RESULTS_PERSIST_BY_DEFAULT": "false",
        "PREFECT_UI_ENABLED": "false",
        "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "180",
    }
    for name, value in defaults.items():
        os.environ.setdefault(name, value)
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
