using System.Diagnostics;
using Training.Models;
using Training.Optim;
using Training.TorchExtensions;
using TorchSharp;
using TorchSharp.Modules;
using AdamW = Training.Optim.AdamW;
using ParamGroup = Training.Optim.ParamGroup;
using static TorchSharp.torch;

namespace Training.Bench.TinyGpt;

/// <summary>
/// The C# side: a TinyGpt and AdamW (op-by-op or fused) seeded like the PyTorch twin, so both start from the same weights
/// and draw the same batches. A step is data, forward, backward, clip_grad_norm_, AdamW and zero_grad inside one
/// dispose scope.
/// </summary>
internal sealed class CSharpRun : ITrainingVariant, IDisposable
{
    private readonly BenchOptions options;
    private readonly CharCorpus corpus;
    private readonly Generator dataGenerator;
    private readonly List<Parameter> parameters;

    public CSharpRun(string name, BenchOptions options, CharCorpus corpus, bool fused)
    {
        Name = name;
        this.options = options;
        this.corpus = corpus;
        using (var init = new Generator((ulong)options.Seed)) Model = new Models.TinyGpt(ConfigFor(options, corpus), init);
        Optimizer = new AdamW(DecayGrouping.CreateGroups(Model, options.WeightDecay), new AdamWOptions
        {
            LearningRate = options.LearningRate, Beta1 = options.Beta1, Beta2 = options.Beta2, WeightDecay = options.WeightDecay,
            Fused = fused,
        });
        dataGenerator = new Generator((ulong)options.Seed + 1);
        parameters = Model.parameters().ToList();
    }

    public string Name { get; }

    public Models.TinyGpt Model { get; }

    public AdamW Optimizer { get; }

    public static TinyGptConfig ConfigFor(BenchOptions options, CharCorpus corpus) => new()
    {
        VocabSize = corpus.Tokenizer.VocabSize,
        BlockSize = options.Block,
        EmbeddingDim = options.Embd,
        Heads = options.Heads,
        Layers = options.Layers,
        Dropout = options.Dropout,
    };

    public BlockResult Train(int steps)
    {
        var phases = new double[BlockResult.Phases.Length];
        var losses = new double[steps];
        long tensors = 0;
        Span<long> marks = stackalloc long[BlockResult.Phases.Length + 1];
        var cpu = Environment.CpuUsage.TotalTime;
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < steps; i++)
        {
            // Every tensor the step creates is alive until the scope closes (the optimizer's own scope closes at the end
            // of Step), so the peak above the baseline counts the native tensors created per step.
            var baseline = Tensor.TotalCount;
            LiveTensors.ResetPeak();
            using (NewDisposeScope())
            {
                marks[0] = Stopwatch.GetTimestamp();
                var (input, target) = corpus.Train.RandomBatch(options.Batch, dataGenerator);
                marks[1] = Stopwatch.GetTimestamp();
                var loss = Model.Loss(input, target);
                marks[2] = Stopwatch.GetTimestamp();
                loss.backward();
                marks[3] = Stopwatch.GetTimestamp();
                nn.utils.clip_grad_norm_(parameters, options.Clip);
                marks[4] = Stopwatch.GetTimestamp();
                Optimizer.Step();
                marks[5] = Stopwatch.GetTimestamp();
                Optimizer.ZeroGrad();
                marks[6] = Stopwatch.GetTimestamp();
                losses[i] = loss.ReadSingle();
            }

            tensors += Tensor.PeakCount - baseline;
            for (var p = 0; p < phases.Length; p++) phases[p] += Stopwatch.GetElapsedTime(marks[p], marks[p + 1]).TotalSeconds;
        }

        var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        var cpuSeconds = (Environment.CpuUsage.TotalTime - cpu).TotalSeconds;
        var byName = BlockResult.Phases.Select((phase, p) => (phase, phases[p])).ToDictionary(x => x.phase, x => x.Item2);
        return new BlockResult(steps, seconds, cpuSeconds, byName, losses, steps == 0 ? double.NaN : (double)tensors / steps);
    }

    /// <summary>The mean loss over up to <paramref name="batches"/> sequential validation batches, in evaluation mode.</summary>
    public double ValidationLoss(int batches) => Model.EstimateLoss(corpus.Validation, options.Batch, batches);

    public void Dispose()
    {
        Optimizer.Dispose();
        Model.Dispose();
        dataGenerator.Dispose();
    }
}
