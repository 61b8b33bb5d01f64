using Microsoft.ML.OnnxRuntime;
using ModelService.Onnx.Building;
using ModelService.Onnx.Protobuf;
using ModelService.Onnx.Quantization;
using ModelService.Onnx.Quantization.Calibration;
using ModelService.Onnx.Writing;
using ModelService.Testing.Onnx;

namespace ModelService.Benchmarks;

/// <summary>
/// The builder models the quantization benchmark runs, big enough for weights to dominate: an MLP 512 → 1024 →
/// 1024 → 10, a transformer block of width 512 (feed-forward 2048, 16 tokens, 10 classes), a small CNN on
/// 3×32×32 images (three conv blocks, ~10 M multiply-adds per image) and a larger one on 3×64×64 images ("cnn-64":
/// four conv blocks of 32/64/128/256 filters, ~60 M). <see cref="Build"/> quantizes with the library defaults
/// (per-tensor dynamic int8).
/// </summary>
public static class QuantizedModels
{
    public const int Sequence = 16;

    public static ModelProto Float(string name) => name switch
    {
        "mlp" => Mlp(),
        "transformer" => new TransformerBlockBuilder(512, 2048).Classes(10).Seed(4).Build(),
        "cnn" => new CnnBuilder(3, 32, 32).ConvBlock(32).ConvBlock(64).ConvBlock(128).Classes(10).Seed(2).Build(),
        "cnn-64" => new CnnBuilder(3, 64, 64).ConvBlock(32).ConvBlock(64).ConvBlock(128).ConvBlock(256).Classes(10).Seed(2).Build(),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
    };

    /// <summary>Float bytes, int8 bytes and the quality figures on 256 generated samples.</summary>
    public static (byte[] Float, byte[] Int8, QuantizationOutcome Outcome) Build(string name)
    {
        var model = Float(name);
        var source = OnnxModelWriter.ToBytes(model);
        CalibrationSet calibration;
        using (var session = new InferenceSession(source))
        {
            calibration = CalibrationGenerator.FromSchema(session, samples: 256);
        }

        var outcome = ModelQuantization.Quantize(model, source, new DynamicQuantizationOptions(), new QualityGate(), calibration, CancellationToken.None);
        return (source, outcome.QuantizedBytes, outcome);
    }

    /// <summary>Input shape for <paramref name="batch"/> rows.</summary>
    public static long[] InputShape(string name, int batch) => name switch
    {
        "mlp" => [batch, 512],
        "transformer" => [batch, Sequence, 512],
        "cnn" => [batch, 3, 32, 32],
        "cnn-64" => [batch, 3, 64, 64],
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
    };

    private static ModelProto Mlp()
    {
        var random = new Random(3);
        return new MlpBuilder("input")
            .Layer(DenseLayer.Random(512, 1024, Activation.Relu, random))
            .Layer(DenseLayer.Random(1024, 1024, Activation.Relu, random))
            .Layer(DenseLayer.Random(1024, 10, Activation.None, random))
            .BuildRegressor("mlp", "output");
    }
}
