"""fastconv.nn: layers that train a CNN on fastconv's kernels, with torch.nn's names, signatures,
defaults and state_dict keys, in NumPy terms and without autograd: every layer has forward
(`layer(x)`) and backward(grad_out), which returns the gradient with respect to the layer's input
and adds the parameter gradients into each Parameter's .grad.

    from fastconv import nn
    model = nn.Sequential(nn.Conv2d(1, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                          nn.Flatten(), nn.Linear(16 * 4 * 4, 10))
    loss_fn = nn.CrossEntropyLoss()
    opt = nn.SGD(model.parameters(), lr=0.05, momentum=0.9)
    loss = loss_fn(model(x), labels)
    opt.zero_grad(); model.backward(loss_fn.backward()); opt.step()
"""
from .activation import ReLU
from .container import Sequential
from .conv import Conv2d
from .flatten import Flatten
from .linear import Linear
from .loss import CrossEntropyLoss
from .module import Module
from .optim import SGD
from .parameter import Parameter
from .pooling import AdaptiveAvgPool2d, AvgPool2d, MaxPool2d

__all__ = ["Module", "Parameter", "Conv2d", "Linear", "MaxPool2d", "AvgPool2d",
           "AdaptiveAvgPool2d", "ReLU", "Flatten", "Sequential", "CrossEntropyLoss", "SGD"]
