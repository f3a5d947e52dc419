namespace Training.Integrations.Tests.Optimi;

/// <summary>
/// stable_adamw and grokadamw through the registry on a large matrix: the state size matches the descriptor and
/// no native tensor outlives the optimizer.
/// </summary>
[NonParallelizable]
public class OptimiFamilyContractTests
{
    /// <summary>State bytes per fp32 parameter equal the descriptor's figure; every tensor is released on dispose.</summary>
    [TestCase("stable_adamw")]
    [TestCase("grokadamw")]
    public void State_bytes_match_descriptor_and_nothing_leaks(string name)
    {
        var descriptor = IntegrationOptimizers.All.Single(d => d.Name == name);
        using var w = torch.randn([64, 32]).requires_grad_();
        var baseline = LiveTensors.SettledCount();
        using (var scope = torch.NewDisposeScope())
        {
            var request = new OptimizerRequest
            {
                ParamGroups = [new ParamGroup([w], new Dictionary<string, object?> { ["weight_decay"] = 0.01 })],
                LearningRate = 1e-3,
                WeightDecay = 0.01,
            };
            using var optimizer = descriptor.Factory(request, null!);
            for (var t = 0; t < 3; t++)
            {
                using (var g = torch.randn([64, 32])) w.grad = g;
                optimizer.Step();
            }

            Assert.That(optimizer.StateBytes() / (double)w.numel(), Is.EqualTo(descriptor.StateBytesPerParameter).Within(0.01));
            w.grad = null;
        }

        Assert.That(Tensor.TotalCount, Is.EqualTo(baseline), "live tensors after dispose");
    }
}
