#!/usr/bin/env python3
"""Drives a running modelsvc with Triton's stock HTTP client (tritonclient.http), unchanged, JSON and binary.

Usage (the client is not vendored here; use its published package or a source checkout of
github.com/triton-inference-server/client, plus Debian's python3-numpy python3-geventhttpclient python3-rapidjson):

    PYTHONPATH=<client checkout>/src/python/library python3 scripts/triton-client-check.py \
        127.0.0.1:7071 "$(cat .local/dev-api-key)" iris-mlp

The key needs the infer and manage scopes (run-local.sh's dev key has both). Exits non-zero on the first mismatch.
"""
import sys

import numpy as np
import tritonclient.http as httpclient

url, key, model = sys.argv[1], sys.argv[2], sys.argv[3]
client = httpclient.InferenceServerClient(url=url, connection_timeout=300.0, network_timeout=300.0)


def auth():
    # A fresh dict per call: the client adds Inference-Header-Content-Length to the dict it is given.
    return {"Authorization": "Bearer " + key}


assert client.is_server_live(headers=auth()) and client.is_server_ready(headers=auth())
extensions = client.get_server_metadata(headers=auth())["extensions"]
assert "binary_tensor_data" in extensions, extensions
metadata = client.get_model_metadata(model, headers=auth())
config = client.get_model_config(model, headers=auth())
assert config["name"] == model and config["input"][0]["name"] == metadata["inputs"][0]["name"]
input_name = metadata["inputs"][0]["name"]
width = metadata["inputs"][0]["shape"][-1]
x = np.random.default_rng(15).random((2500, width), dtype=np.float32)  # >= 10,000 elements

answers = {}
for binary in (True, False):
    tensor = httpclient.InferInput(input_name, list(x.shape), "FP32")
    tensor.set_data_from_numpy(x, binary_data=binary)
    outputs = [httpclient.InferRequestedOutput(o["name"], binary_data=binary) for o in metadata["outputs"]]
    result = client.infer(model, [tensor], outputs=outputs, headers=auth(), request_id=f"check-{binary}")
    assert result.get_response()["id"] == f"check-{binary}"
    answers[binary] = {o["name"]: result.as_numpy(o["name"]) for o in metadata["outputs"]}
for name in answers[True]:
    assert np.array_equal(answers[True][name], answers[False][name]), name
print("infer: binary and JSON tensors give the same answer")

tensor = httpclient.InferInput(input_name, list(x.shape), "FP32")
tensor.set_data_from_numpy(x)  # the client's defaults: binary in, binary_data_output out
result = client.infer(model, [tensor], headers=auth())
assert all("binary_data_size" in o.get("parameters", {}) for o in result.get_response()["outputs"])
first = metadata["outputs"][0]["name"]
top = client.infer(model, [tensor], outputs=[httpclient.InferRequestedOutput(first, class_count=2)], headers=auth())
print("classification:", top.as_numpy(first)[0])
stats = client.get_inference_statistics(model, headers=auth())["model_stats"]
assert stats and stats[0]["inference_stats"]["success"]["count"] >= 3, stats
print("repository:", [m["name"] for m in client.get_model_repository_index(headers=auth())][:5], "...")
client.unload_model(model, headers=auth())
client.load_model(model, headers=auth())
assert client.is_model_ready(model, headers=auth())
try:
    bad = httpclient.InferInput(input_name, [2, width + 1], "FP32")
    bad.set_data_from_numpy(np.zeros((2, width + 1), np.float32))
    client.infer(model, [bad], headers=auth())
    sys.exit("a wrong shape was accepted")
except httpclient.InferenceServerException as error:
    assert error.status() == "400", error
print("tritonclient.http: all checks passed")
