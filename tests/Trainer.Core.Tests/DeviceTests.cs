namespace Training.Core.Tests;

/// <summary>Where training runs: CUDA when TorchSharp has it unless UseCpu, and batches follow the model.</summary>
public class DeviceTests
{
    [Test]
    public void UseCpuSelectsTheCpuAndOtherwiseCudaIsTakenWhenAvailable()
    {
        Assert.Multiple(() =>
        {
            Assert.That(TrainingDevice.Select(new TrainingArguments { UseCpu = true }).type, Is.EqualTo(DeviceType.CPU));
            Assert.That(TrainingDevice.Select(new TrainingArguments()).type,
                Is.EqualTo(torch.cuda.is_available() ? DeviceType.CUDA : DeviceType.CPU));
        });
    }

    [Test]
    public void DevicesCompareByTypeAndIndex()
    {
        Assert.Multiple(() =>
        {
            Assert.That(TrainingDevice.Same(torch.CPU, new Device("cpu")), Is.True);
            Assert.That(TrainingDevice.Same(new Device(DeviceType.CUDA), new Device("cuda:0")), Is.True, "the default CUDA device is device 0");
            Assert.That(TrainingDevice.Same(new Device("cuda:0"), new Device("cuda:1")), Is.False);
            Assert.That(TrainingDevice.Same(torch.CPU, new Device(DeviceType.CUDA)), Is.False);
        });
    }

    [Test]
    public void TheTrainerRunsOnTheSelectedDeviceAndMovesBatchesThere()
    {
        using var folder = new TempFolder();
        using var model = new TinyRegression();
        var trainer = new Trainer(model, TinyRegression.Args(folder.Path, a => a.MaxSteps = 2), TinyRegression.Data(16), null, TinyRegression.Collator);
        Assert.That(TrainingDevice.Same(trainer.Device, TrainingDevice.Select(trainer.Args)), Is.True);
        Assert.That(TrainingDevice.Same(TrainingDevice.Of(model), trainer.Device), Is.True, "the model is on the training device");

        using var batch = TinyRegression.Collator.Collate(TinyRegression.Data(4), [0, 1, 2, 3]);
        var x = batch["x"];
        Assert.That(batch.To(torch.CPU)["x"], Is.SameAs(x), "a tensor already on the device is kept");
        trainer.Train();
        Assert.That(trainer.State.GlobalStep, Is.EqualTo(2));
    }
}
