using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Training.Analyzers;

/// <summary>
/// TRN0002: TorchSharp's <c>Tensor.ToDouble()</c> / <c>ToSingle()</c> / <c>ToInt64()</c> / ... (class
/// <c>TorchSharp.TensorExtensionMethods</c>), which convert through a temporary Scalar the garbage collector may
/// finalize during the native read; a failure there ends the process. Use <c>TensorValue.ReadDouble()</c> etc.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class TensorToNumberAnalyzer : DiagnosticAnalyzer
{
    /// <summary>The rule.</summary>
    public static readonly DiagnosticDescriptor Rule = new(
        "TRN0002",
        "TorchSharp tensor-to-number conversion through a temporary Scalar",
        "TorchSharp's {0}() reads the value through a temporary Scalar that the garbage collector may free during the read (the process then ends); use Training.TorchExtensions.TensorValue.Read{1}() instead",
        "Reliability",
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true);

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var extensions = start.Compilation.GetTypeByMetadataName("TorchSharp.TensorExtensionMethods");
            if (extensions is null) return;
            start.RegisterOperationAction(operation =>
            {
                var method = ((IInvocationOperation)operation.Operation).TargetMethod;
                if (!SymbolEqualityComparer.Default.Equals(method.ContainingType, extensions)) return;
                if (!method.Name.StartsWith("To", System.StringComparison.Ordinal) || method.Parameters.Length != 1) return;
                if (method.Parameters[0].Type.Name != "Tensor" || !method.ReturnType.IsValueType) return;
                operation.ReportDiagnostic(Diagnostic.Create(Rule, operation.Operation.Syntax.GetLocation(), method.Name, method.Name.Substring(2)));
            }, OperationKind.Invocation);
        });
    }
}
