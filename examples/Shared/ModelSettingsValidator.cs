using Microsoft.Extensions.Options;

namespace Training.Examples;

/// <summary>Start-up validation of the <c>Model</c> section (<see cref="ModelSettings.Problems"/>).</summary>
internal sealed class ModelSettingsValidator : IValidateOptions<ModelSettings>
{
    public ValidateOptionsResult Validate(string? name, ModelSettings options)
    {
        var problems = options.Problems().ToList();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
