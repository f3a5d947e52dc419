using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Training.Analyzers.Tests;

/// <summary>TRN0001 flags every implicit number-to-Scalar conversion and nothing else; TRN0002 TorchSharp's tensor-to-number reads.</summary>
public class AnalyzerTests
{
    [Test]
    public async Task ImplicitConversionsAreFlaggedWithTheirOperand()
    {
        var found = await Diagnose("""
            using TorchSharp;
            using static TorchSharp.torch;
            static class Step
            {
                static void Run(Tensor p, Tensor g, double lr, float beta)
                {
                    p.add_(g, alpha: -lr);
                    p.mul_(beta);
                    p.add_(1);
                    Scalar field = 0.5;
                }
            }
            """);
        Assert.That(found.Select(d => (d.Id, d.GetMessage().Split('\'')[1])),
            Is.EqualTo(new[] { ("TRN0001", "-lr"), ("TRN0001", "beta"), ("TRN0001", "1"), ("TRN0001", "0.5") }));
    }

    [Test]
    public async Task ExplicitScalarsAndOtherConversionsAreNot()
    {
        var found = await Diagnose("""
            using TorchSharp;
            using static TorchSharp.torch;
            static class Step
            {
                static double Twice(double x) => x * 2;
                static void Run(Tensor p, Tensor g, double lr, int n)
                {
                    using var alpha = (-lr).ToScalar();
                    p.add_(g, alpha: alpha);
                    p.mul_((Scalar)lr);
                    double widened = n;
                    p.mul_(p);
                    _ = Twice(n);
                }
            }
            """);
        Assert.That(found, Is.Empty);
    }

    [Test]
    public async Task TorchSharpsTensorToNumberConversionsAreFlagged()
    {
        var found = await Diagnose("""
            using TorchSharp;
            using static TorchSharp.torch;
            static class Read
            {
                static double Run(Tensor loss, Scalar kept)
                {
                    var a = loss.ToDouble();
                    var b = loss.ToSingle();
                    var c = kept.ToDouble();
                    var d = loss.item<float>();
                    return a + b + c + d;
                }
            }
            """);
        Assert.That(found.Select(d => (d.Id, d.GetMessage().Split('(')[0])),
            Is.EqualTo(new[] { ("TRN0002", "TorchSharp's ToDouble"), ("TRN0002", "TorchSharp's ToSingle") }));
    }

    private static async Task<ImmutableArray<Diagnostic>> Diagnose(string source)
    {
        var platform = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        var references = platform.Append(typeof(TorchSharp.Scalar).Assembly.Location).Select(p => MetadataReference.CreateFromFile(p));
        var compilation = CSharpCompilation.Create("Snippet", [CSharpSyntaxTree.ParseText(source)], references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToArray();
        Assert.That(errors, Is.Empty, "the snippet must compile");
        return await compilation.WithAnalyzers([new ScalarLifetimeAnalyzer()]).GetAnalyzerDiagnosticsAsync();
    }
}
