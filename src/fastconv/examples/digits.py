"""Train a LeNet-style CNN on scikit-learn's bundled 8x8 handwritten digits with fastconv.nn.

    python -m fastconv.examples.digits [--epochs 15] [--batch-size 64] [--lr 0.05]
                                       [--momentum 0.9] [--seed 0] [--threads N]
                                       [--compare-torch] [--plot FILE.png]

The data (1797 grey 8x8 images of the digits 0-9) ships with scikit-learn, so nothing is
downloaded; 75% train the network, 25% test it. The network is the lecture notes' pattern twice,
convolution -> non-linearity -> pooling, then flattened into two dense layers:

    1x8x8 -> Conv 3x3 (16) -> ReLU -> MaxPool 2 -> 16x4x4 -> Conv 3x3 (32) -> ReLU -> MaxPool 2
          -> 32x2x2 -> Flatten 128 -> Linear 64 -> ReLU -> Linear 10 (one score per digit)

trained with softmax cross-entropy and SGD with momentum. Each epoch prints the mean training
loss, the accuracy on the training batches as they were seen, the test accuracy and the time
the epoch's training steps took.

--compare-torch trains the same network in PyTorch from the same initial weights (fastconv's
state_dict loaded into torch.nn) on the same batches, epoch by epoch beside fastconv's, and
prints both. --plot FILE.png saves what the first layer learned: its 3x3 filters and their
feature maps on one test digit, beside a hand-made Sobel edge filter's (needs matplotlib).

Needs scikit-learn (pip install 'fastconv[examples]'), for the data only.
"""
import argparse
import importlib.util
import sys
import time

import numpy as np

import fastconv
from fastconv import nn

EXTRA_HINT = "pip install 'fastconv[examples]' (or pip install scikit-learn matplotlib)"


def load_data(seed=0):
    """(x_train, y_train, x_test, y_test): images (n, 1, 8, 8) scaled to mean 0 and standard
    deviation 1 on the training set (float64), labels int64; a stratified 75/25 split."""
    try:
        from sklearn.datasets import load_digits
        from sklearn.model_selection import train_test_split
    except ImportError:
        raise SystemExit("This example needs scikit-learn for its data (the 8x8 digits that ship "
                         f"with it): {EXTRA_HINT}") from None
    digits = load_digits()
    x = digits.images[:, None, :, :].astype(np.float64)
    y = digits.target.astype(np.int64)
    x_tr, x_te, y_tr, y_te = train_test_split(x, y, test_size=0.25, stratify=y,
                                              random_state=seed)
    mean, std = x_tr.mean(), x_tr.std()
    return (x_tr - mean) / std, y_tr, (x_te - mean) / std, y_te


def build_model(rng, dtype=np.float32):
    """The LeNet-style network, initialised as PyTorch would, from `rng`."""
    return nn.Sequential(
        nn.Conv2d(1, 16, 3, padding=1, rng=rng, dtype=dtype), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(16, 32, 3, padding=1, rng=rng, dtype=dtype), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(32 * 2 * 2, 64, rng=rng, dtype=dtype), nn.ReLU(),
        nn.Linear(64, 10, rng=rng, dtype=dtype))


def build_torch_model(torch, state_dict):
    """The same network in torch.nn, with the given (fastconv) weights."""
    T = torch.nn
    model = T.Sequential(
        T.Conv2d(1, 16, 3, padding=1), T.ReLU(), T.MaxPool2d(2),
        T.Conv2d(16, 32, 3, padding=1), T.ReLU(), T.MaxPool2d(2),
        T.Flatten(), T.Linear(32 * 2 * 2, 64), T.ReLU(), T.Linear(64, 10))
    first = next(iter(state_dict.values()))
    model.to(torch.float64 if first.dtype == np.float64 else torch.float32)
    model.load_state_dict({k: torch.from_numpy(np.array(v)) for k, v in state_dict.items()})
    return model


class FastconvTrainer:
    """One epoch of training, and evaluation, of a fastconv.nn model."""
    name = "fastconv"

    def __init__(self, model, lr, momentum):
        self.model = model
        self.loss_fn = nn.CrossEntropyLoss()
        self.opt = nn.SGD(model.parameters(), lr=lr, momentum=momentum)

    def epoch(self, x, y, batches):
        model, loss_fn, opt = self.model.train(), self.loss_fn, self.opt
        total_loss, correct = 0.0, 0
        t0 = time.perf_counter()
        for idx in batches:
            xb, yb = x[idx], y[idx]
            logits = model(xb)
            loss = loss_fn(logits, yb)
            opt.zero_grad()
            model.backward(loss_fn.backward(), input_grad=False)  # the input is data
            opt.step()
            total_loss += float(loss) * len(idx)
            correct += int((logits.argmax(axis=1) == yb).sum())
        seconds = time.perf_counter() - t0
        return total_loss / len(x), correct / len(x), seconds

    def accuracy(self, x, y):
        return float((self.model.eval()(x).argmax(axis=1) == y).mean())


class TorchTrainer:
    """The same, in PyTorch."""
    name = "PyTorch"

    def __init__(self, torch, model, lr, momentum):
        self.torch, self.model = torch, model
        self.loss_fn = torch.nn.CrossEntropyLoss()
        self.opt = torch.optim.SGD(model.parameters(), lr=lr, momentum=momentum)

    def epoch(self, x, y, batches):
        torch, model, loss_fn, opt = self.torch, self.model.train(), self.loss_fn, self.opt
        xt, yt = torch.from_numpy(x), torch.from_numpy(y)
        total_loss, correct = 0.0, 0
        t0 = time.perf_counter()
        for idx in batches:
            it = torch.from_numpy(idx)
            xb, yb = xt[it], yt[it]
            logits = model(xb)
            loss = loss_fn(logits, yb)
            opt.zero_grad()
            loss.backward()
            opt.step()
            total_loss += loss.item() * len(idx)
            correct += int((logits.argmax(dim=1) == yb).sum())
        seconds = time.perf_counter() - t0
        return total_loss / len(x), correct / len(x), seconds

    def accuracy(self, x, y):
        with self.torch.no_grad():
            out = self.model.eval()(self.torch.from_numpy(x))
        return float((out.argmax(dim=1).numpy() == y).mean())


def train(epochs=15, batch_size=64, lr=0.05, momentum=0.9, seed=0, dtype=np.float32,
          compare_torch=False, log=print, data=None):
    """Trains the network (and its PyTorch twin with compare_torch); returns
    (model, history, data), history a list of per-epoch dicts {trainer name: (loss, train
    accuracy, test accuracy, seconds)}."""
    x_tr, y_tr, x_te, y_te = data if data is not None else load_data(seed)
    x_tr, x_te = x_tr.astype(dtype), x_te.astype(dtype)
    rng = np.random.default_rng(seed)
    model = build_model(rng, dtype)
    trainers = [FastconvTrainer(model, lr, momentum)]
    if compare_torch:
        import torch
        torch.set_num_threads(fastconv.get_num_threads())
        trainers.append(TorchTrainer(torch, build_torch_model(torch, model.state_dict()), lr,
                                     momentum))
    names = [t.name for t in trainers]
    log(f"{len(x_tr)} training and {len(x_te)} test images of 8x8 digits; batch {batch_size}, "
        f"SGD lr {lr} momentum {momentum}, {np.dtype(dtype).name}, "
        f"{fastconv.get_num_threads()} thread(s)")
    if compare_torch:
        log("the same initial weights in both; each epoch's batches in the same order\n")
        log("epoch | " + " | ".join(f"{n:>8s}: loss  train   test  time/epoch" for n in names))
    history = []
    for epoch in range(1, epochs + 1):
        order = rng.permutation(len(x_tr))
        batches = [order[i:i + batch_size] for i in range(0, len(order), batch_size)]
        row = {}
        for t in trainers:
            loss, train_acc, seconds = t.epoch(x_tr, y_tr, batches)
            row[t.name] = (loss, train_acc, t.accuracy(x_te, y_te), seconds)
        history.append(row)
        if compare_torch:
            log(f"{epoch:5d} | " + " | ".join(
                f"{'':>8s}  {r[0]:.3f} {100 * r[1]:5.1f}% {100 * r[2]:5.1f}% {1e3 * r[3]:6.1f} ms"
                for r in (row[n] for n in names)))
        else:
            loss, train_acc, test_acc, seconds = row["fastconv"]
            log(f"epoch {epoch:2d}/{epochs}  loss {loss:.4f}  train acc {100 * train_acc:5.1f}%  "
                f"test acc {100 * test_acc:5.1f}%  {1e3 * seconds:6.1f} ms")
    for n in names:
        times = sorted(r[n][3] for r in history)
        log(f"{n}: test accuracy {100 * history[-1][n][2]:.1f}% after {epochs} epochs, "
            f"{1e3 * times[len(times) // 2]:.1f} ms per epoch (median), "
            f"{sum(times):.2f} s of training in all")
    if compare_torch:
        f, t = ([sorted(r[n][3] for r in history)[len(history) // 2] for n in names])
        log(f"median time per epoch, PyTorch / fastconv: {t / f:.2f}")
    return model, history, (x_tr, y_tr, x_te, y_te)


SOBEL_X = np.array([[-1.0, 0.0, 1.0], [-2.0, 0.0, 2.0], [-1.0, 0.0, 1.0]])


def plot_first_layer(model, image, path):
    """Saves to `path`: the digit; the first layer's learned filters and their feature maps on
    it; a hand-made Sobel filter pair (horizontal and vertical edges) and its feature maps."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    conv = model[0]
    x = image[None].astype(conv.weight.dtype)                        # (1, 1, 8, 8)
    filters = conv.weight.data[:, 0]                                 # (16, 3, 3)
    maps = fastconv.relu(conv(x))[0]                                 # (16, 8, 8)
    sobel = np.stack([SOBEL_X, SOBEL_X.T])[:, None].astype(x.dtype)  # (2, 1, 3, 3)
    # on the digit with its background at 0 (the training data is standardised; shifting it
    # back keeps the zero padding from drawing edges around the border)
    sobel_maps = fastconv.conv2d(x - x.min(), sobel, padding=1)[0]   # (2, 8, 8)
    magnitude = np.hypot(sobel_maps[0], sobel_maps[1])

    def show(a, arr, title=None, signed=True):
        if signed:
            lim = float(np.abs(arr).max()) or 1.0
            a.imshow(arr, cmap="RdBu_r", vmin=-lim, vmax=lim)
        else:
            a.imshow(arr, cmap="magma", vmin=0, vmax=float(arr.max()) or 1.0)
        a.set_xticks([])
        a.set_yticks([])
        if title:
            a.set_title(title, fontsize=8)

    fig = plt.figure(figsize=(14, 6.4), layout="constrained")
    left, mid, right = fig.subfigures(1, 3, width_ratios=[1.1, 4.0, 1.9])
    ax = left.subplots()
    ax.imshow(image[0], cmap="gray_r")
    ax.set_title("a test digit\n(the input, 8x8)")
    ax.axis("off")

    mid.suptitle("learned: the first layer's 16 filters (3x3, red +, blue -)\n"
                 "and, under each, its feature map on the digit (after ReLU, bright = strong)",
                 fontsize=10)
    axes = mid.subplots(4, 8)
    for i in range(16):
        row, col = 2 * (i // 8), i % 8
        show(axes[row, col], filters[i], f"filter {i}")
        show(axes[row + 1, col], maps[i], signed=False)

    right.suptitle("hand-made: Sobel edge filters\n(signed responses)", fontsize=10)
    axes = right.subplots(3, 2)
    show(axes[0, 0], SOBEL_X, "Sobel x")
    show(axes[0, 1], SOBEL_X.T, "Sobel y")
    show(axes[1, 0], sobel_maps[0], "vertical edges")
    show(axes[1, 1], sobel_maps[1], "horizontal edges")
    show(axes[2, 0], magnitude, "edge strength", signed=False)
    axes[2, 1].axis("off")
    fig.savefig(path, dpi=110)
    plt.close(fig)


def main(argv=None):
    p = argparse.ArgumentParser(prog="python -m fastconv.examples.digits",
                                description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--epochs", type=int, default=15)
    p.add_argument("--batch-size", type=int, default=64)
    p.add_argument("--lr", type=float, default=0.05)
    p.add_argument("--momentum", type=float, default=0.9)
    p.add_argument("--seed", type=int, default=0, help="data split, initial weights, batches")
    p.add_argument("--threads", type=int, help="threads for fastconv (and PyTorch)")
    p.add_argument("--dtype", choices=["float32", "float64"], default="float32")
    p.add_argument("--compare-torch", action="store_true",
                   help="train the same network in PyTorch beside it")
    p.add_argument("--plot", metavar="FILE.png",
                   help="save the first layer's filters and feature maps beside a Sobel filter's")
    args = p.parse_args(argv)
    if args.epochs < 1 or args.batch_size < 1:
        p.error("--epochs and --batch-size must be positive")
    # Check the optional extras before spending any time on training.
    if importlib.util.find_spec("sklearn") is None:
        print("This example needs scikit-learn for its data (the 8x8 digits that ship with it): "
              + EXTRA_HINT, file=sys.stderr)
        return 2
    if args.plot and importlib.util.find_spec("matplotlib") is None:
        print(f"--plot needs matplotlib: {EXTRA_HINT}", file=sys.stderr)
        return 2
    if args.compare_torch and importlib.util.find_spec("torch") is None:
        print("--compare-torch needs PyTorch (pip install torch)", file=sys.stderr)
        return 2
    if args.threads is not None:
        fastconv.set_num_threads(args.threads)
    model, history, (_, _, x_te, y_te) = train(args.epochs, args.batch_size, args.lr,
                                               args.momentum, args.seed, np.dtype(args.dtype),
                                               args.compare_torch)
    if args.plot:
        plot_first_layer(model, x_te[0], args.plot)
        print(f"saved the first layer's filters and feature maps (test digit {y_te[0]}) to "
              f"{args.plot}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
