namespace Training.TorchExtensions;

/// <summary>
/// One optimizer's fused step over one parameter's tensors (<typeparamref name="TTensors"/>) with the group's
/// hyperparameters: the CPU kernel when the tensors qualify, the tensor-op algorithm otherwise.
/// <see cref="FusedSteps.Run{TTensors, TKernel, TStep}"/> drives it over all parameters.
/// </summary>
internal interface IFusedStep<TTensors, TKernel> where TKernel : struct, ICpuKernel
{
    /// <summary>Throws when <paramref name="tensors"/> cannot be stepped; called for every entry before any is changed.</summary>
    void Validate(in TTensors tensors);

    /// <summary>The kernel over <paramref name="tensors"/>' memory, or false when they must take the tensor-op path.</summary>
    bool TryCreateKernel(in TTensors tensors, out TKernel kernel);

    /// <summary>The same update in tensor operations, for any device, dtype and layout.</summary>
    void StepWithTensorOps(in TTensors tensors);
}
