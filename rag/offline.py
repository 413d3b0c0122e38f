"""Nothing leaves this machine: every library's telemetry, update check and hub access is off.

`rag/__init__.py` imports this module first, so the settings are in the environment before any
library reads them (each reads them on import or on first use) and before any worker process
starts (they inherit them). It imports nothing from rag. tests/test_offline.py runs ingest, ask and
the app under strace and checks that no connection leaves 127.0.0.1 and no file is queued in $HOME.
"""

import os

SETTINGS = {
    # onnxruntime >= 1.29 (Linux, macOS): on import it writes a device id and an event queue under
    # ~/.cache/Microsoft and uploads to mobile.events.data.microsoft.com. Only this variable, set
    # before the import, stops all three; disable_telemetry_events() afterwards stops later events.
    "ORT_DISABLE_TELEMETRY": "1",
    # Gradio: no usage statistics, no version check.
    "GRADIO_ANALYTICS_ENABLED": "False",
    # Hugging Face hub, transformers, sentence-transformers: never reach the hub.
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "HF_DATASETS_OFFLINE": "1",
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "HF_HUB_DISABLE_UPDATE_CHECK": "1",
    "HF_HUB_DISABLE_IMPLICIT_TOKEN": "1",
    # The cross-tool convention (https://donottrack.sh), read by huggingface_hub among others.
    "DO_NOT_TRACK": "1",
    "DISABLE_TELEMETRY": "1",
}

# Assigned, not defaulted: a value left in the user's shell must not switch telemetry back on.
os.environ.update(SETTINGS)
