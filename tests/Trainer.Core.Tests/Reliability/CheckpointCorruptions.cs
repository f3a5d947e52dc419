using System.Numerics;
using System.Text.Json.Nodes;
using static Training.Core.Tests.Reliability.CheckpointMutations;
using Training.TorchExtensions;

namespace Training.Core.Tests.Reliability;

/// <summary>The corruptions of the reliability sweep (issue 11), one case per way a checkpoint file can be bad.</summary>
internal static class CheckpointCorruptions
{
    private const string Model = CheckpointFiles.Model;
    private const string Optimizer = CheckpointFiles.Optimizer;
    private const string Scheduler = CheckpointFiles.Scheduler;
    private const string State = CheckpointFiles.TrainerState;
    private const string Rng = CheckpointFiles.RngState;

    private static CheckpointCorruption Case(string name, string file, Action<string> damage, params string[] fragments) => new(name, file, damage, fragments);

    public static IEnumerable<CheckpointCorruption> All()
    {
        // model.safetensors: format
        yield return Case("SafetensorsTruncated", Model, p => Truncate(p, 0.9), "outside the", "data buffer");
        yield return Case("SafetensorsShorterThanItsLength", Model, p => File.WriteAllBytes(p, [1, 2, 3]), "shorter than the 8-byte header length");
        yield return Case("SafetensorsHeaderLengthBeyondLimit", Model, p => Overwrite(p, 0, BitConverter.GetBytes(1_000_000_000UL)), "header length 1000000000 is larger than the limit");
        yield return Case("SafetensorsHeaderLengthBeyondFile", Model, p => Overwrite(p, 0, BitConverter.GetBytes(50_000UL)), "header length 50000 runs past the end of the file");
        yield return Case("SafetensorsHeaderJsonInvalid", Model, p => Overwrite(p, 9, "#"u8.ToArray()), "header is not valid UTF-8 JSON");
        yield return Case("SafetensorsOffsetsOverlap", Model, p => EditSafetensorsHeader(p, h => h["norm.weight"]!["data_offsets"] = h["norm.bias"]!["data_offsets"]!.DeepClone()), "overlaps tensor");
        yield return Case("SafetensorsOffsetsOutOfRange", Model, p => EditSafetensorsHeader(p, h => h["head.bias"]!["data_offsets"]![1] = 1_000_000), "tensor 'head.bias'", "outside the");
        yield return Case("SafetensorsHugeShape", Model, p => EditSafetensorsHeader(p, h => h["hidden.weight"]!["shape"] = new JsonArray(1_000_000_000_000L)),
            "tensor 'hidden.weight'", "needs 4000000000000 bytes");
        yield return Case("SafetensorsShapeOverflows", Model, p => EditSafetensorsHeader(p, h => h["hidden.weight"]!["shape"] = new JsonArray(4_611_686_018_427_387_904L, 4L)),
            "tensor 'hidden.weight'", "overflows 64 bits");
        // model.safetensors: content against the model
        yield return Case("WeightsRelabelledF16", Model, p => EditSafetensorsHeader(p, h => { h["hidden.weight"]!["dtype"] = "F16"; h["hidden.weight"]!["shape"] = new JsonArray(16L, 8L); }),
            "tensor 'hidden.weight' has dtype Float16, the model's is Float32");
        yield return Case("WeightsRelabelledI32", Model, p => EditSafetensorsHeader(p, h => h["hidden.weight"]!["dtype"] = "I32"), "tensor 'hidden.weight' has dtype Int32");
        yield return Case("WeightsWrongShape", Model, p => EditSafetensorsHeader(p, h => h["hidden.weight"]!["shape"] = new JsonArray(4L, 16L)),
            "tensor 'hidden.weight' has shape [4, 16], the model's is [16, 4]");
        yield return Case("WeightsMissingTensor", Model, p => EditWeights(p, w => w.Remove("head.bias")), "tensor 'head.bias' of the model is missing");
        yield return Case("WeightsExtraTensor", Model, p => EditWeights(p, w => w["extra.weight"] = torch.zeros(3)), "tensor 'extra.weight' is not in the model");
        yield return Case("WeightsNaN", Model, p => EditWeights(p, w => w["head.weight"] = torch.full([1, 16], Scalars.Keep(double.NaN))), "tensor 'head.weight' holds NaN or infinite values");
        yield return Case("WeightsAreADirectory", Model, p => { File.Delete(p); Directory.CreateDirectory(p); }, "is a directory");

        // optimizer.pt: format
        yield return Case("OptimizerTruncated", Optimizer, p => Truncate(p, 0.5), "not a loadable torch.save file");
        yield return Case("OptimizerEmpty", Optimizer, p => File.WriteAllBytes(p, []), "not a zip archive");
        yield return Case("OptimizerStorageByteFlipped", Optimizer, p => FlipByteInEntry(p, "archive/data/0"), "'archive/data/0'", "CRC-32");
        yield return Case("OptimizerPickleByteFlipped", Optimizer, p => FlipByteInEntry(p, "archive/data.pkl"), "'archive/data.pkl'", "CRC-32");
        yield return Case("OptimizerStorageTooShort", Optimizer, p => EditZipEntries(p, (name, data) => name == "archive/data/1" ? data[..12] : data),
            "entry 'archive/data/1' (storage '1') is 12 bytes");
        // optimizer.pt: content against the optimizer
        yield return Case("OptimizerStateHalfRelabel", Optimizer, p => EditTorchFile(p, d => OptimizerState(d, 0)["exp_avg"] = ((Tensor)OptimizerState(d, 0)["exp_avg"]!).to(ScalarType.Float16)),
            "state[0].exp_avg has dtype Float16, this optimizer keeps it as Float32");
        yield return Case("OptimizerStateInt", Optimizer, p => EditTorchFile(p, d => OptimizerState(d, 0)["exp_avg"] = torch.zeros([16, 4], ScalarType.Int32)), "state[0].exp_avg has dtype Int32");
        yield return Case("OptimizerStateBool", Optimizer, p => EditTorchFile(p, d => OptimizerState(d, 0)["exp_avg_sq"] = torch.zeros([16, 4], ScalarType.Bool)), "state[0].exp_avg_sq has dtype Bool");
        yield return Case("OptimizerStateShapeOne", Optimizer, p => EditTorchFile(p, d => OptimizerState(d, 0)["exp_avg"] = torch.zeros(1)), "state[0].exp_avg has shape [1], this optimizer keeps it as [16, 4]");
        yield return Case("OptimizerStateShape7x3", Optimizer, p => EditTorchFile(p, d => OptimizerState(d, 0)["exp_avg"] = torch.zeros(7, 3)), "state[0].exp_avg has shape [7, 3]");
        yield return Case("OptimizerStateNaN", Optimizer, p => EditTorchFile(p, d => OptimizerState(d, 1)["exp_avg_sq"] = torch.full_like((Tensor)OptimizerState(d, 1)["exp_avg_sq"]!, Scalars.Keep(double.NaN))), "state[1].exp_avg_sq holds NaN");
        yield return Case("OptimizerUnknownParameter", Optimizer, p => EditTorchFile(p, d => ((System.Collections.IDictionary)d["state"]!)[99L] = OptimizerState(d, 0)), "state[99] belongs to parameter index 99");
        yield return Case("OptimizerBetasText", Optimizer, p => EditTorchFile(p, d => FirstGroup(d)["betas"] = "x"), "param_groups[0].betas");
        yield return Case("OptimizerLrNaN", Optimizer, p => EditTorchFile(p, d => FirstGroup(d)["lr"] = double.NaN), "param_groups[0].lr is NaN");
        yield return Case("OptimizerIntegerKeyInGroup", Optimizer, p => EditTorchFile(p, d => FirstGroup(d)[5L] = 1.0), "param_groups[0] has the key 5");
        yield return Case("OptimizerGroupCount", Optimizer, p => EditTorchFile(p, d => ((System.Collections.IList)d["param_groups"]!).Add(FirstGroup(d))), "'param_groups' has 3 groups");
        yield return Case("OptimizerNotADictionary", Optimizer, p => TorchFile.Save(new List<object?> { 1L }, p), "does not hold a dictionary");

        // scheduler.pt
        yield return Case("SchedulerLastEpochHuge", Scheduler, p => EditTorchFile(p, d => d["last_epoch"] = BigInteger.Pow(10, 30)), "last_epoch is 1000000000000000000000000000000, which does not fit in 64 bits");
        yield return Case("SchedulerLastEpochNegative", Scheduler, p => EditTorchFile(p, d => d["last_epoch"] = -100L), "last_epoch is -100, expected a non-negative count");
        yield return Case("SchedulerLastEpochBeyondPlan", Scheduler, p => EditTorchFile(p, d => d["last_epoch"] = 5000L), "'last_epoch' is 5000, beyond this run's plan of 20 steps");
        yield return Case("SchedulerBaseLrNaN", Scheduler, p => EditTorchFile(p, d => d["base_lrs"] = new List<object?> { double.NaN, 0.01 }), "base_lrs[0] is NaN");
        yield return Case("SchedulerBaseLrsText", Scheduler, p => EditTorchFile(p, d => d["base_lrs"] = "x"), "base_lrs is 'x'");
        yield return Case("SchedulerTruncated", Scheduler, p => Truncate(p, 0.3), "not a loadable torch.save file");

        // rng_state.pth
        yield return Case("RngStateTenBytes", Rng, p => TorchFile.Save(new Dictionary<string, object?> { ["cpu"] = torch.zeros(10, ScalarType.Byte) }, p), "entry 'cpu' is a Byte tensor of shape [10]");
        yield return Case("RngStateFloat", Rng, p => TorchFile.Save(new Dictionary<string, object?> { ["cpu"] = torch.zeros(5056, ScalarType.Float32) }, p), "entry 'cpu' is a Float32 tensor");
        yield return Case("RngStateAllOnes", Rng, p => TorchFile.Save(new Dictionary<string, object?> { ["cpu"] = torch.full(5056, Scalars.Keep(255), ScalarType.Byte) }, p), "not a valid mt19937 state");
        yield return Case("RngStateNoCpu", Rng, p => TorchFile.Save(new Dictionary<string, object?> { ["cuda"] = torch.zeros(3) }, p), "has no 'cpu' generator state");

        // trainer_state.json
        yield return Case("StateInvalidJson", State, p => File.WriteAllText(p, "{\"global_step\": 10,"), "not a valid trainer_state.json");
        yield return Case("StateWrongType", State, p => EditJson(p, j => j["global_step"] = "ten"), "not a valid trainer_state.json", "global_step");
        yield return Case("StateArray", State, p => File.WriteAllText(p, "[1, 2]"), "not a valid trainer_state.json");
        yield return Case("StateStepHuge", State, p => EditJson(p, j => j["global_step"] = 1_000_000_000_000L), "'global_step' is 1000000000000, outside this run's plan of 0 to 20 steps");
        yield return Case("StateStepNegative", State, p => EditJson(p, j => j["global_step"] = -5), "'global_step' is -5");
        yield return Case("StateIsADirectory", State, p => { File.Delete(p); Directory.CreateDirectory(p); }, "is a directory");

        // required files
        yield return Case("ModelMissing", Model, File.Delete, "is missing");
        yield return Case("StateMissing", State, File.Delete, "is missing");
    }

    private static void EditJson(string path, Action<JsonObject> edit)
    {
        var json = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        edit(json);
        File.WriteAllText(path, json.ToJsonString());
    }
}
