"""The training example, python -m fastconv.examples.digits (skipped without scikit-learn, which
holds its data): it reaches 97% test accuracy, trains like PyTorch from the same weights, plots,
and says clearly what is missing when an optional package is."""
import importlib.util

import numpy as np
import pytest

import fastconv

pytest.importorskip("sklearn")
from fastconv.examples import digits  # noqa: E402


@pytest.fixture(scope="module")
def data():
    return digits.load_data(0)


def test_reaches_97_percent_test_accuracy(data):
    # One thread: results are bitwise the same for any thread count, and a single thread is
    # not slowed down by other jobs on a shared machine.
    with fastconv.num_threads(1):
        _, history, _ = digits.train(log=lambda s: None, data=data)
    assert len(history) == 15
    assert history[-1]["fastconv"][2] >= 0.97
    assert history[-1]["fastconv"][0] < history[0]["fastconv"][0]


def test_trains_like_pytorch_from_the_same_weights(data):
    pytest.importorskip("torch")
    lines = []
    with fastconv.num_threads(1):
        _, history, _ = digits.train(epochs=3, compare_torch=True, log=lines.append, data=data)
    for row in history:
        (loss, train_acc, _, _), (tloss, ttrain_acc, _, _) = row["fastconv"], row["PyTorch"]
        assert loss == pytest.approx(tloss, rel=1e-3)
        assert train_acc == pytest.approx(ttrain_acc, abs=0.01)
    assert any("PyTorch / fastconv" in s for s in lines)


def test_command_line_plot(tmp_path, capsys):
    pytest.importorskip("matplotlib")
    out = tmp_path / "filters.png"
    with fastconv.num_threads(1):
        assert digits.main(["--epochs", "1", "--plot", str(out)]) == 0
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    text = capsys.readouterr().out
    assert "epoch  1/1" in text and "test acc" in text and str(out) in text


def test_missing_matplotlib_is_reported_before_training(monkeypatch, capsys, tmp_path):
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name == "matplotlib" else real(name, *a))
    assert digits.main(["--plot", str(tmp_path / "x.png")]) == 2
    captured = capsys.readouterr()
    assert "--plot needs matplotlib" in captured.err and "fastconv[examples]" in captured.err
    assert "epoch" not in captured.out


def test_sobel_feature_maps_are_edges():
    """The hand-made filter of the plot: a vertical edge lights up the x filter only."""
    img = np.zeros((1, 1, 6, 6))
    img[..., 3:] = 1.0
    sobel = np.stack([digits.SOBEL_X, digits.SOBEL_X.T])[:, None]
    maps = fastconv.conv2d(img, sobel, padding=1)[0]
    assert np.all(maps[0, 1:-1, 2:4] == 4) and np.all(maps[1, 1:-1] == 0)
