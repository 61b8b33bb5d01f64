using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace ModelService.Core.Inference.V2;

/// <summary>One output as it will be written: its value, and whether it goes as JSON data or as binary data after the JSON.</summary>
internal sealed record ResponseOutput(string Name, string Datatype, TensorElementType ElementType, long[] Shape, long ElementCount, OrtValue Value, bool Binary)
{
    public static ResponseOutput Of(string name, OrtValue value, bool binary)
    {
        var info = value.GetTensorTypeAndShape();
        V2Datatype.TryGetName(info.ElementDataType, out var datatype);
        return new ResponseOutput(name, datatype, info.ElementDataType, info.Shape, info.ElementCount, value, binary);
    }
}
