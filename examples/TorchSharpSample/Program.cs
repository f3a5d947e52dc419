using TorchSharp;
using static TorchSharp.torch;
using Training.TorchExtensions;
using (var scope = NewDisposeScope())
{
    var x = randn(new long[] { 8, 4 }, generator: new Generator(0));
    var lin = nn.Linear(4, 3);
    var loss = nn.functional.cross_entropy(lin.forward(x), tensor(new long[] { 0, 1, 2, 0, 1, 2, 0, 1 }));
    loss.backward();
    var w = randn(new long[] { 4, 2 }, generator: new Generator(1)).requires_grad_(true);
    var y = x.matmul(w);
    y.pow(2).sum().backward();
    var err = (w.grad! - x.t().matmul(y.detach()).mul(2)).abs().max().ToSingle();
    if (err > 1e-4) return 1;
}
try { zeros(new long[] { 2, 3 }).matmul(zeros(new long[] { 4, 5 })); return 1; }
catch (Exception) { Console.WriteLine("OK"); return 0; }
