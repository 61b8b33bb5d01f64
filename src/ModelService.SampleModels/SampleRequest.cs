using System.Text.Json;

namespace ModelService.SampleModels;

/// <summary>Writes Open Inference Protocol v2 request files for the samples.</summary>
public static class SampleRequest
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static object Tensor<T>(string name, string datatype, long[] shape, T[] data) => new { name, datatype, shape, data };

    public static string Write(string id, object[] inputs) => JsonSerializer.Serialize(new { id, inputs }, Indented) + "\n";
}
