using ModelService.Onnx.Building;
using ModelService.Onnx.Protobuf;

namespace ModelService.Onnx.Quantization.Preparation;

/// <summary>
/// The rewrites one node needs when its graph moves from opset <c>current</c> to <c>target</c>. Each method returns
/// the replacement nodes (the node itself when nothing changed on the way), or null when the node cannot be carried
/// over exactly. Constants that used to be attributes become initializers of the node's own graph.
/// </summary>
internal sealed class OpsetChange(NodeProto node, GraphProto graph, long current, long target, UniqueNames names)
{
    private bool Crosses(long since) => current < since && target >= since;

    public List<NodeProto>? AttributesToInputs(long since, params (string Name, int Index, Scalar Kind)[] attributes)
    {
        if (!Crosses(since))
        {
            return [node];
        }

        foreach (var (name, index, kind) in attributes)
        {
            if (node.Attribute.FirstOrDefault(a => a.Name == name) is not { } attribute)
            {
                continue;
            }

            var tensor = kind switch
            {
                Scalar.Float => OnnxTensors.Float(string.Empty, [attribute.F]),
                Scalar.Int64 => OnnxTensors.Int64(string.Empty, [attribute.I], 1),
                _ => OnnxTensors.Int64(string.Empty, [.. attribute.Ints], attribute.Ints.Count),
            };
            SetInput(index, AddInitializer($"{node.Name}_{name}", tensor));
            node.Attribute.Remove(attribute);
        }

        return [node];
    }

    public List<NodeProto>? PadToInputs()
    {
        if (!Crosses(11))
        {
            return [node];
        }

        if (node.Attribute.FirstOrDefault(a => a.Name == "pads") is not { } pads)
        {
            return null;
        }

        var value = node.Attribute.FirstOrDefault(a => a.Name == "value");
        SetInput(1, AddInitializer($"{node.Name}_pads", OnnxTensors.Int64(string.Empty, [.. pads.Ints], pads.Ints.Count)));
        SetInput(2, AddInitializer($"{node.Name}_value", OnnxTensors.Float(string.Empty, [value?.F ?? 0f])));
        node.Attribute.Remove(pads);
        if (value is not null)
        {
            node.Attribute.Remove(value);
        }

        return [node];
    }

    public List<NodeProto>? SliceToInputs()
    {
        if (!Crosses(10))
        {
            return [node];
        }

        var starts = node.Attribute.FirstOrDefault(a => a.Name == "starts");
        var ends = node.Attribute.FirstOrDefault(a => a.Name == "ends");
        if (starts is null || ends is null)
        {
            return null;
        }

        var axes = node.Attribute.FirstOrDefault(a => a.Name == "axes");
        SetInput(1, AddInitializer($"{node.Name}_starts", OnnxTensors.Int64(string.Empty, [.. starts.Ints], starts.Ints.Count)));
        SetInput(2, AddInitializer($"{node.Name}_ends", OnnxTensors.Int64(string.Empty, [.. ends.Ints], ends.Ints.Count)));
        if (axes is not null)
        {
            SetInput(3, AddInitializer($"{node.Name}_axes", OnnxTensors.Int64(string.Empty, [.. axes.Ints], axes.Ints.Count)));
            node.Attribute.Remove(axes);
        }

        node.Attribute.Remove(starts);
        node.Attribute.Remove(ends);
        return [node];
    }

    /// <summary>At inference Dropout passes its input through; its mask output has no exact equivalent across versions.</summary>
    public List<NodeProto>? DropoutToInference()
    {
        if (node.Output.Count > 1 && node.Output[1].Length > 0)
        {
            return null;
        }

        var identity = new NodeProto { OpType = "Identity", Name = node.Name };
        identity.Input.Add(node.Input[0]);
        identity.Output.Add(node.Output[0]);
        return [identity];
    }

    /// <summary>
    /// Before opset 13 Softmax flattened its input to 2-D at <c>axis</c> (default 1) and normalised each row; from 13 it
    /// normalises along one axis (default −1). Same result when the axis is the last one; otherwise the old behaviour
    /// is spelled out as Flatten → Softmax → Reshape back to the input's shape.
    /// </summary>
    public List<NodeProto>? SoftmaxToLastAxis()
    {
        if (!Crosses(13))
        {
            return [node];
        }

        var attribute = node.Attribute.FirstOrDefault(a => a.Name == "axis");
        var axis = attribute?.I ?? 1;
        var rank = Rank(node.Input[0]);
        if (axis == -1 || (rank is { } r && (axis == r - 1)))
        {
            SetAxis(-1);
            return [node];
        }

        var input = node.Input[0];
        var shape = names.Next($"{node.Name}_input_shape");
        var flat = names.Next($"{node.Name}_flat");
        var normalised = names.Next($"{node.Name}_flat_output");
        var output = node.Output[0];
        SetAxis(1);
        node.Input[0] = flat;
        node.Output[0] = normalised;
        return
        [
            Make("Shape", [input], [shape]),
            Make("Flatten", [input], [flat], OnnxAttribute.Int("axis", axis)),
            node,
            Make("Reshape", [normalised, shape], [output]),
        ];
    }

    private void SetAxis(long axis)
    {
        if (node.Attribute.FirstOrDefault(a => a.Name == "axis") is { } attribute)
        {
            attribute.I = axis;
        }
        else
        {
            node.Attribute.Add(OnnxAttribute.Int("axis", axis));
        }
    }

    private NodeProto Make(string opType, IEnumerable<string> inputs, IEnumerable<string> outputs, params AttributeProto[] attributes)
    {
        var made = new NodeProto { OpType = opType, Name = names.Next($"{node.Name}_{opType}") };
        made.Input.AddRange(inputs);
        made.Output.AddRange(outputs);
        made.Attribute.AddRange(attributes);
        return made;
    }

    private long? Rank(string tensor)
    {
        var info = graph.ValueInfo.Concat(graph.Input).Concat(graph.Output).FirstOrDefault(v => v.Name == tensor);
        return info?.Type?.TensorType?.Shape is { } shape ? shape.Dim.Count : null;
    }

    private string AddInitializer(string hint, TensorProto tensor)
    {
        tensor.Name = names.Next(hint);
        graph.Initializer.Add(tensor);
        return tensor.Name;
    }

    private void SetInput(int index, string name)
    {
        while (node.Input.Count <= index)
        {
            node.Input.Add(string.Empty);
        }

        node.Input[index] = name;
    }
}
