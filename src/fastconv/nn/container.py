"""Sequential: layers applied one after the other."""
from collections import OrderedDict

from .module import Module


class Sequential(Module):
    """torch.nn.Sequential: Sequential(layer0, layer1, ...) or Sequential(OrderedDict of
    name -> layer). forward runs the layers in order; backward runs their backward passes in
    reverse order and returns the gradient with respect to the model's input. Parameter keys are
    "<index or name>.<parameter>" ("0.weight", "3.bias"), as in PyTorch."""

    def __init__(self, *args):
        super().__init__()
        if len(args) == 1 and isinstance(args[0], OrderedDict):
            for name, m in args[0].items():
                self.add_module(name, m)
        else:
            for i, m in enumerate(args):
                self.add_module(str(i), m)
        self.__dict__["_layers"] = tuple(self._modules.values())

    def add_module(self, name, module):
        if not isinstance(module, Module):
            raise TypeError(f"Sequential: layer {name!r} must be a fastconv.nn.Module, got "
                            f"{type(module).__name__}")
        super().add_module(name, module)
        self.__dict__["_layers"] = tuple(self._modules.values())

    def append(self, module):
        """Adds a layer at the end (named by its index). Returns self."""
        self.add_module(str(len(self._modules)), module)
        return self

    def __len__(self):
        return len(self._layers)

    def __iter__(self):
        return iter(self._layers)

    def __getitem__(self, i):
        if isinstance(i, slice):
            return Sequential(OrderedDict(list(self._modules.items())[i]))
        return self._layers[i]

    def forward(self, x):
        for m in self._layers:
            x = m.forward(x)
        self.__dict__["_saved"] = True
        return x

    def backward(self, grad_out, input_grad=True):
        """Back through every layer, last to first; returns dL/d(input), or None with
        input_grad=False (the first layer then skips computing it: use it when the input is
        data, as PyTorch does for inputs that do not require grad)."""
        self._take_saved()
        layers = self._layers
        for m in layers[:0:-1]:
            grad_out = m.backward(grad_out)
        if not layers:
            return grad_out if input_grad else None
        if input_grad:
            return layers[0].backward(grad_out)
        return layers[0].backward(grad_out, input_grad=False)

    def _short_repr(self):
        return "Sequential"
