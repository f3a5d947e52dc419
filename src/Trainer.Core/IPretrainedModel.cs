namespace Training.Core;

/// <summary>
/// A model that saves itself as its library's model folder (Transformers' <c>PreTrainedModel.save_pretrained</c>):
/// weights and configuration in the layout that library loads back. <see cref="Trainer.SaveModel"/> saves such a
/// model through <see cref="SavePretrained"/> instead of a bare <c>state_dict</c>, and every checkpoint also carries
/// its configuration (<see cref="SaveConfig"/>), so a checkpoint folder opens as a model folder too.
/// </summary>
public interface IPretrainedModel
{
    /// <summary>
    /// Writes the weights and the configuration into <paramref name="folder"/> (created if needed), each file
    /// atomically, in the layout the model's library reads (for GPT-2: <c>config.json</c> and <c>model.safetensors</c>).
    /// </summary>
    void SavePretrained(string folder);

    /// <summary>
    /// Writes only the configuration file(s) into <paramref name="folder"/> (created if needed), e.g.
    /// <c>config.json</c>; never the weights, whose file a checkpoint writes itself.
    /// </summary>
    void SaveConfig(string folder);
}
