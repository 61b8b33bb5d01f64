namespace ModelService.Core.Serving;

/// <summary>
/// The model configuration extension's answer, shaped like Triton's model config (serialised snake_case): built
/// from the manifest. Dimensions include the batch dimension (-1: any size) and max_batch_size is 0, because this
/// service runs each request as sent, without Triton's dynamic batching.
/// </summary>
public sealed record ModelConfiguration(
    string Name,
    string Platform,
    string Backend,
    ModelVersionPolicy VersionPolicy,
    int MaxBatchSize,
    IReadOnlyList<ModelConfigurationTensor> Input,
    IReadOnlyList<ModelConfigurationTensor> Output,
    IReadOnlyList<ModelInstanceGroup> InstanceGroup,
    IReadOnlyDictionary<string, ModelConfigurationParameter> Parameters);

public sealed record ModelVersionPolicy(ModelVersionList Specific);

public sealed record ModelVersionList(IReadOnlyList<string> Versions);

public sealed record ModelConfigurationTensor(string Name, string DataType, IReadOnlyList<long> Dims);

public sealed record ModelInstanceGroup(string Name, string Kind, int Count);

public sealed record ModelConfigurationParameter(string StringValue);
