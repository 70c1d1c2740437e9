"""One training step (forward, cross-entropy, backward, SGD with momentum) of whole models in
fastconv.nn, beside the same model in torch.nn from the same weights when PyTorch is installed:
the training example's network at batch 64 and the ResNet 3x3 block's two convolutions
(64 -> 64, 56x56) at batch 8. The input is data (no gradient for it), as in training.
benchmark.extra_info["flops"] counts the step's multiply-adds twice."""
import numpy as np
import pytest

from fastconv._benchlib import STEP_MODELS, step_contenders, step_flops


@pytest.mark.parametrize("spec", STEP_MODELS, ids=lambda s: s.name)
def test_fastconv_nn_step(benchmark, spec):
    benchmark.group = f"training step {spec.name} (batch {spec.batch})"
    benchmark.extra_info["flops"] = step_flops(spec)
    benchmark(step_contenders(spec, None, np.float32)["fastconv"])


@pytest.mark.parametrize("spec", STEP_MODELS, ids=lambda s: s.name)
def test_torch_nn_step(benchmark, torch_mod, spec):
    benchmark.group = f"training step {spec.name} (batch {spec.batch})"
    benchmark.extra_info["flops"] = step_flops(spec)
    benchmark(step_contenders(spec, torch_mod, np.float32)["torch"])
