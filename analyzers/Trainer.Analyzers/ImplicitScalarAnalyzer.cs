using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Training.Analyzers;

/// <summary>
/// TRN0001: a number converted implicitly to <c>TorchSharp.Scalar</c> (<c>t.mul_(0.5)</c>, <c>t.add_(g, alpha: a)</c>).
/// </summary>
/// <remarks>
/// TorchSharp 0.107 passes the temporary Scalar's handle to the native call and keeps no reference to the Scalar, whose
/// finalizer frees the native c10::Scalar. A garbage collection during the call (any thread allocating) can run that
/// finalizer while libtorch still reads the value: the call then fails with "toFloat at Scalar.h:140" or reads freed
/// memory. A Scalar held in a <c>using</c> variable lives until the end of its scope, so the call is safe; it is also
/// released at once instead of waiting for the finalizer.
/// </remarks>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ImplicitScalarAnalyzer : DiagnosticAnalyzer
{
    /// <summary>The rule.</summary>
    public static readonly DiagnosticDescriptor Rule = new(
        "TRN0001",
        "Implicit conversion to TorchSharp.Scalar",
        "'{0}' becomes a temporary TorchSharp.Scalar that the garbage collector may free while libtorch reads it; create it with ToScalar() in a using variable (or a field disposed with its owner) and pass that",
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
            var scalar = start.Compilation.GetTypeByMetadataName("TorchSharp.Scalar");
            if (scalar is null) return;
            start.RegisterOperationAction(operation =>
            {
                var conversion = (IConversionOperation)operation.Operation;
                if (!conversion.IsImplicit || conversion.OperatorMethod is null) return;
                if (!SymbolEqualityComparer.Default.Equals(conversion.Type, scalar)) return;
                operation.ReportDiagnostic(Diagnostic.Create(Rule, conversion.Operand.Syntax.GetLocation(), conversion.Operand.Syntax.ToString()));
            }, OperationKind.Conversion);
        });
    }
}
