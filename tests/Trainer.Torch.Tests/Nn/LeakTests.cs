namespace Training.Torch.Tests.Nn;

public class LeakTests
{
    [Test]
    public void TrainingSteps_InAScope_AndDisposingTheModel_LeaveNoNativeTensors()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var before = Tensor.TotalCount;

        using (var model = new TinyModel())
        {
            for (var step = 0; step < 3; step++)
            {
                using var scope = NewDisposeScope();
                var logits = model.call(tensor(new long[] { 1, 2, 3, 4 }));
                nn.functional.cross_entropy(logits, tensor(new long[] { 2, 3, 4, 5 }), label_smoothing: 0.1).backward();
                nn.utils.clip_grad_norm_(model.parameters(), 1.0);
                model.zero_grad(set_to_none: false);
                model.load_state_dict(model.state_dict());
                model.zero_grad();
            }
        }

        // Finalizers of other tests' garbage can only lower the count, so "no more than before" is exact enough.
        Assert.That(Tensor.TotalCount, Is.LessThanOrEqualTo(before));
    }
}
