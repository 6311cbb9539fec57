using System;
using System.Collections;
using Razorvine.Pickle;

namespace ShuffleNetGen.Runtime.Weights;

/// <summary>
/// Razorvine's unpickler with the three hooks a <c>state_dict</c> needs: <c>collections.OrderedDict</c> becomes a
/// <see cref="Hashtable"/>, <c>torch._utils._rebuild_tensor_v2(...)</c> keeps its arguments, and a persistent id
/// (<c>('storage', torch.FloatStorage, '0', 'cpu', numel)</c>) keeps its tuple. Nothing is interpreted here:
/// <see cref="CheckpointStateDict"/> validates what comes out, and <see cref="PickleGlobalScanner"/> has refused every
/// other global before this runs.
/// </summary>
internal sealed class CheckpointUnpickler : Unpickler
{
    /// <summary>Razorvine's constructor table is process-wide; these two entries are only ever added, never changed.</summary>
    static CheckpointUnpickler()
    {
        registerConstructor("collections", "OrderedDict", new OrderedDictConstructor());
        registerConstructor("torch._utils", "_rebuild_tensor_v2", new RebuildTensorConstructor());
    }

    protected override object persistentLoad(object pid) => new PickledStorage(pid);

    /// <summary>An <c>OrderedDict</c>; its <c>_metadata</c> attribute (module versions), set through BUILD, is not needed.</summary>
    internal sealed class PickledDict : Hashtable
    {
        // Called by Razorvine's BUILD opcode through reflection.
        public void __setstate__(Hashtable state) => _ = state;
    }

    /// <summary>The arguments of one <c>_rebuild_tensor_v2</c> call: storage, offset, size, stride, requires_grad, hooks[, metadata].</summary>
    internal sealed record PickledTensor(object?[] Arguments);

    /// <summary>A persistent id as pickled: <c>('storage', storage_type, key, location, numel)</c>.</summary>
    internal sealed record PickledStorage(object? Id);

    private sealed class OrderedDictConstructor : IObjectConstructor
    {
        public object construct(object[] args) =>
            args.Length == 0 ? new PickledDict() : throw new PickleException($"OrderedDict called with {args.Length} arguments; torch.save calls it with none");
    }

    private sealed class RebuildTensorConstructor : IObjectConstructor
    {
        public object construct(object[] args) => new PickledTensor(args);
    }
}
