using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Training.Analyzers;

/// <summary>
/// TorchSharp 0.107's temporary <c>Scalar</c>s: the native handle of one is passed on with no reference kept, and the
/// Scalar's finalizer frees the native value, so a garbage collection during the call (any thread allocating) can free
/// it while libtorch reads it ("toFloat at Scalar.h:140" under load, or a read of freed memory; from a conversion
/// inside TorchSharp, <c>std::terminate</c>). Two rules refuse the ways code makes such temporaries:
/// TRN0001, a number converted implicitly to <c>Scalar</c> (<c>t.mul_(0.5)</c>, <c>t.add_(g, alpha: a)</c>): pass
/// <c>Scalars.Keep(x)</c> or a Scalar held in a <c>using</c> variable or a field;
/// TRN0002, TorchSharp's <c>Tensor.ToDouble()</c> / <c>ToSingle()</c> / ... (<c>TorchSharp.TensorExtensionMethods</c>,
/// written as <c>value.ToScalar().ToDouble()</c>): use <c>TensorValue.ReadDouble()</c> etc.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ScalarLifetimeAnalyzer : DiagnosticAnalyzer
{
    /// <summary>TRN0001: an implicit number-to-Scalar conversion.</summary>
    public static readonly DiagnosticDescriptor ImplicitScalar = new(
        "TRN0001",
        "Implicit conversion to TorchSharp.Scalar",
        "'{0}' becomes a temporary TorchSharp.Scalar that the garbage collector may free while libtorch reads it; pass Scalars.Keep({0}) or a Scalar held in a using variable or a field",
        "Reliability",
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true);

    /// <summary>TRN0002: a TorchSharp tensor-to-number conversion through a temporary Scalar.</summary>
    public static readonly DiagnosticDescriptor TensorToNumber = new(
        "TRN0002",
        "TorchSharp tensor-to-number conversion through a temporary Scalar",
        "TorchSharp's {0}() reads the value through a temporary Scalar that the garbage collector may free during the read (the process then ends); use Training.TorchExtensions.TensorValue.Read{1}() instead",
        "Reliability",
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true);

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(ImplicitScalar, TensorToNumber);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var scalar = start.Compilation.GetTypeByMetadataName("TorchSharp.Scalar");
            var extensions = start.Compilation.GetTypeByMetadataName("TorchSharp.TensorExtensionMethods");
            if (scalar is not null) start.RegisterOperationAction(operation => CheckConversion(operation, scalar), OperationKind.Conversion);
            if (extensions is not null) start.RegisterOperationAction(operation => CheckInvocation(operation, extensions), OperationKind.Invocation);
        });
    }

    private static void CheckConversion(OperationAnalysisContext context, INamedTypeSymbol scalar)
    {
        var conversion = (IConversionOperation)context.Operation;
        if (!conversion.IsImplicit || conversion.OperatorMethod is null) return;
        if (!SymbolEqualityComparer.Default.Equals(conversion.Type, scalar)) return;
        context.ReportDiagnostic(Diagnostic.Create(ImplicitScalar, conversion.Operand.Syntax.GetLocation(), conversion.Operand.Syntax.ToString()));
    }

    private static void CheckInvocation(OperationAnalysisContext context, INamedTypeSymbol extensions)
    {
        var method = ((IInvocationOperation)context.Operation).TargetMethod;
        if (!SymbolEqualityComparer.Default.Equals(method.ContainingType, extensions)) return;
        if (!method.Name.StartsWith("To", System.StringComparison.Ordinal) || method.Parameters.Length != 1) return;
        if (method.Parameters[0].Type.Name != "Tensor" || !method.ReturnType.IsValueType) return;
        context.ReportDiagnostic(Diagnostic.Create(TensorToNumber, context.Operation.Syntax.GetLocation(), method.Name, method.Name.Substring(2)));
    }
}
