using Training.TorchExtensions;
namespace Training.Core.Tests.NonFinite;

/// <summary>The guard's check (each case against a known answer) and its copy/restore (bitwise against clones).</summary>
[NonParallelizable]
public class NonFiniteGuardTests
{
    public static IEnumerable<TestCaseData> CheckCases()
    {
        yield return new TestCaseData(ScalarType.Float32, new[] { 1.0, -2.0 }, new[] { 3.0 }, true).SetName("Finite_float32_is_finite");
        yield return new TestCaseData(ScalarType.Float32, new[] { 1.0, -2.0 }, new[] { double.NaN }, false).SetName("NaN_in_the_second_tensor_is_found");
        yield return new TestCaseData(ScalarType.Float32, new[] { double.PositiveInfinity }, new[] { 0.0 }, false).SetName("Infinity_is_found");
        yield return new TestCaseData(ScalarType.Float32, new[] { 1.0 }, new[] { double.NegativeInfinity, 1.0 }, false).SetName("Minus_infinity_is_found");
        yield return new TestCaseData(ScalarType.Float32, new[] { double.PositiveInfinity, double.NegativeInfinity }, new[] { 0.0 }, false).SetName("Opposite_infinities_are_found");
        // 3e38 + 3e38 overflows a float32 sum: the element-wise confirmation must still say finite.
        yield return new TestCaseData(ScalarType.Float32, new[] { 3e38, 3e38 }, new[] { 1.0 }, true).SetName("Huge_finite_float32_whose_sum_overflows_is_finite");
        yield return new TestCaseData(ScalarType.Float16, new[] { 60000.0, 60000.0, 60000.0 }, new[] { 1.0 }, true).SetName("Float16_near_its_maximum_is_finite");
        yield return new TestCaseData(ScalarType.BFloat16, new[] { 1.0 }, new[] { double.NaN }, false).SetName("NaN_in_bfloat16_is_found");
        yield return new TestCaseData(ScalarType.Float64, new[] { 1e308, 1e308 }, new[] { 1.0 }, true).SetName("Huge_finite_float64_is_finite");
    }

    [TestCaseSource(nameof(CheckCases))]
    public void AllFinite_answers_as_an_element_wise_check(ScalarType dtype, double[] first, double[] second, bool expected)
    {
        using var scope = torch.NewDisposeScope();
        Tensor[] tensors = [torch.tensor(first).to(dtype), torch.tensor(second).to(dtype)];
        var elementWise = tensors.All(t => t.isfinite().all().item<bool>());
        Assert.That(elementWise, Is.EqualTo(expected), "the case's own expectation");
        Assert.That(NonFiniteGuard.AllFinite(tensors), Is.EqualTo(expected));
    }

    [Test]
    public void No_tensors_are_finite() => Assert.That(NonFiniteGuard.AllFinite([]), Is.True);

    /// <summary>Two AdamW steps, capture, a NaN step, restore: parameters and every state tensor bitwise as captured.</summary>
    [TestCase(2)]
    [TestCase(0)]
    public void Restore_puts_back_parameters_and_optimizer_state_bitwise(int stepsBefore)
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(3);
        var w = torch.randn(5, 3).requires_grad_();
        var b = torch.randn(3).requires_grad_();
        using var optimizer = new AdamW([w, b], new AdamWOptions { LearningRate = 0.1 });
        using var guard = new NonFiniteGuard();
        Tensor[] parameters = [w, b];
        void StepWith(double fill)
        {
            foreach (var p in parameters) p.grad = torch.full_like(p, Scalars.Keep(fill));
            optimizer.Step();
        }

        for (var i = 0; i < stepsBefore; i++) StepWith(0.5 + i);
        // Capture twice: the second reuses the first's buffers, which must not alias the live state.
        guard.Capture(parameters, optimizer);
        StepWith(0.25);
        guard.Capture(parameters, optimizer);
        var expectedParameters = parameters.Select(p => p.detach().clone()).ToArray();
        var expectedState = parameters.Select(p => optimizer.GetState(p) is { } s
            ? s.Entries.Select(e => (e.Key, Value: e.Value is Tensor t ? (object)t.clone() : e.Value)).ToList()
            : null).ToArray();

        StepWith(double.NaN);
        Assert.That(NonFiniteGuard.AllFinite(parameters), Is.False, "the NaN step poisoned the parameters");
        guard.Restore(parameters, optimizer);

        Assert.That(NonFiniteGuard.AllFinite(parameters), Is.True);
        for (var i = 0; i < parameters.Length; i++)
        {
            Assert.That(parameters[i].ValuesEqual(expectedParameters[i]), Is.True, $"parameter {i}");
            var state = optimizer.GetState(parameters[i])!;
            foreach (var (key, value) in expectedState[i]!)
            {
                if (value is Tensor t) Assert.That(state.Tensor(key).ValuesEqual(t), Is.True, $"parameter {i} state {key}");
                else Assert.That(state.Scalar(key), Is.EqualTo(Convert.ToDouble(value)), $"parameter {i} state {key}");
            }
        }
    }

    /// <summary>Captured before any state existed, a restore leaves the optimizer without state again.</summary>
    [Test]
    public void Restore_before_the_first_step_leaves_no_state()
    {
        using var scope = torch.NewDisposeScope();
        var w = torch.ones(4).requires_grad_();
        using var optimizer = new AdamW([w]);
        using var guard = new NonFiniteGuard();
        guard.Capture([w], optimizer);
        w.grad = torch.full_like(w, Scalars.Keep(double.NaN));
        optimizer.Step();
        guard.Restore([w], optimizer);
        Assert.That(optimizer.GetState(w), Is.Null);
        Assert.That(w.ValuesEqual(torch.ones(4)), Is.True);
    }

    [Test]
    public void Restore_without_capture_is_an_error()
    {
        using var w = torch.ones(2).requires_grad_();
        using var optimizer = new AdamW([w]);
        using var guard = new NonFiniteGuard();
        Assert.That(() => guard.Restore([w], optimizer), Throws.InvalidOperationException.With.Message.Contains("without a Capture"));
    }
}
