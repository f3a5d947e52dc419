using System.Text.Json.Nodes;

namespace Training.Schedulers.Tests.Torch;

/// <summary>
/// The optimizer of torch_schedulers.json: two parameter groups with lr 0.1 and 0.05 (SGD with momentum 0.9
/// unless another optimizer is asked for), and what the tests read back from it.
/// </summary>
public sealed class TwoGroups : IDisposable
{
    private readonly Tensor first = torch.ones(2).requires_grad_().DetachFromDisposeScope();
    private readonly Tensor second = torch.ones(3).requires_grad_().DetachFromDisposeScope();

    public TwoGroups(string optimizer = "SGD", double lr0 = 0.1, double lr1 = 0.05)
    {
        ParamGroup[] groups =
        [
            new([first], new Dictionary<string, object?> { ["lr"] = lr0 }),
            new([second], new Dictionary<string, object?> { ["lr"] = lr1 }),
        ];
        Optimizer = optimizer switch
        {
            "SGD" => new Sgd(groups, new SgdOptions { Momentum = 0.9 }),
            "AdamW" => new AdamW(groups, new AdamWOptions { Beta1 = 0.9, Beta2 = 0.99 }),
            "Adagrad" => new Adagrad(groups),
            _ => throw new ArgumentException($"no fixture for {optimizer}", nameof(optimizer)),
        };
    }

    public Optimizer Optimizer { get; }

    public double[] Lrs => Optimizer.ParamGroups.Select(g => g.LearningRate).ToArray();

    public double[] Values(string key) => Optimizer.ParamGroups.Select(g => GroupKey.Get(g, key)).ToArray();

    /// <summary>Builds a catalogue scheduler on this optimizer.</summary>
    public Scheduler Build(string name, IReadOnlyDictionary<string, object?> kwargs, long? trainingSteps = null) =>
        TorchSchedulerCatalog.Get(name).Factory(
            new SchedulerRequest { Optimizer = Optimizer, Kwargs = kwargs, NumTrainingSteps = trainingSteps }, NoServices.Instance);

    public void Dispose()
    {
        Optimizer.Dispose();
        first.Dispose();
        second.Dispose();
    }

    /// <summary>JSON arguments as configuration would hand them over: integers as long, other numbers as double, lists, maps.</summary>
    public static object? Clr(JsonNode? node) => node switch
    {
        null => null,
        JsonArray array => array.Select(Clr).ToList(),
        JsonObject map => map.ToDictionary(p => p.Key, p => Clr(p.Value)),
        JsonValue v when v.TryGetValue<bool>(out var b) => b,
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonValue v when v.TryGetValue<long>(out var l) => l,
        _ => GoldenFiles.Number(node),
    };

    public static Dictionary<string, object?> Kwargs(JsonNode? node) =>
        (Dictionary<string, object?>?)Clr(node) ?? new Dictionary<string, object?>();

    private sealed class NoServices : IServiceProvider
    {
        public static readonly NoServices Instance = new();

        public object? GetService(Type serviceType) => null;
    }
}
