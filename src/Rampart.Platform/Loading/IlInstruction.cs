using System.Buffers.Binary;
using System.Reflection;
using System.Reflection.Emit;

namespace Rampart.Platform.Loading;

/// <summary>One decoded IL instruction (ECMA-335 §III).</summary>
/// <param name="Offset">Byte offset in the body.</param>
/// <param name="Code">The opcode value (two-byte opcodes as 0xFExx).</param>
/// <param name="Operand">Token, local/argument index, integer constant or branch target.</param>
/// <param name="Targets">Branch targets (switch may have several).</param>
internal readonly record struct IlInstruction(int Offset, ushort Code, long Operand, int[]? Targets)
{
    public IlOpInfo Info => IlOpTable.Get(Code);
}

/// <summary>Operand size and stack behaviour of an opcode.</summary>
internal readonly record struct IlOpInfo(string Name, OperandType Operand, int Pops, int Pushes, FlowControl Flow, bool Known)
{
    /// <summary>Pops and pushes are decided by the call signature (call, callvirt, newobj, calli, ret).</summary>
    public bool VariableStack => Pops < 0 || Pushes < 0;
}

/// <summary>The opcode table, taken from the runtime's own <see cref="OpCodes"/> definitions.</summary>
internal static class IlOpTable
{
    private static readonly Dictionary<ushort, IlOpInfo> Table = Build();

    public static IlOpInfo Get(ushort code) => Table.TryGetValue(code, out var info) ? info : default;

    private static Dictionary<ushort, IlOpInfo> Build()
    {
        var table = new Dictionary<ushort, IlOpInfo>();
        foreach (var field in typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static))
        {
            if (field.GetValue(null) is not OpCode op)
            {
                continue;
            }

            table[(ushort)op.Value] = new IlOpInfo(op.Name ?? "?", op.OperandType, Pops(op.StackBehaviourPop), Pushes(op.StackBehaviourPush), op.FlowControl, true);
        }

        return table;
    }

    private static int Pops(StackBehaviour behaviour) => behaviour switch
    {
        StackBehaviour.Pop0 => 0,
        StackBehaviour.Pop1 or StackBehaviour.Popi or StackBehaviour.Popref => 1,
        StackBehaviour.Pop1_pop1 or StackBehaviour.Popi_pop1 or StackBehaviour.Popi_popi or StackBehaviour.Popi_popi8
            or StackBehaviour.Popi_popr4 or StackBehaviour.Popi_popr8 or StackBehaviour.Popref_pop1 or StackBehaviour.Popref_popi => 2,
        StackBehaviour.Popi_popi_popi or StackBehaviour.Popref_popi_popi or StackBehaviour.Popref_popi_popi8
            or StackBehaviour.Popref_popi_popr4 or StackBehaviour.Popref_popi_popr8 or StackBehaviour.Popref_popi_popref
            or StackBehaviour.Popref_popi_pop1 => 3,
        _ => -1,
    };

    private static int Pushes(StackBehaviour behaviour) => behaviour switch
    {
        StackBehaviour.Push0 => 0,
        StackBehaviour.Push1 or StackBehaviour.Pushi or StackBehaviour.Pushi8 or StackBehaviour.Pushr4
            or StackBehaviour.Pushr8 or StackBehaviour.Pushref => 1,
        StackBehaviour.Push1_push1 => 2,
        _ => -1,
    };

    /// <summary>Decodes a body into instructions; false when the bytes are not valid IL.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> il, List<IlInstruction> output)
    {
        output.Clear();
        var position = 0;
        while (position < il.Length)
        {
            var start = position;
            ushort code = il[position++];
            if (code == 0xFE)
            {
                if (position >= il.Length)
                {
                    return false;
                }

                code = (ushort)(0xFE00 | il[position++]);
            }

            var info = Get(code);
            if (!info.Known)
            {
                return false;
            }

            long operand = 0;
            int[]? targets = null;
            int size = OperandSize(info.Operand);
            if (info.Operand == OperandType.InlineSwitch)
            {
                if (position + 4 > il.Length)
                {
                    return false;
                }

                var count = BinaryPrimitives.ReadUInt32LittleEndian(il.Slice(position, 4));
                if (count > (uint)(il.Length - position) / 4)
                {
                    return false;
                }

                var end = position + 4 + ((int)count * 4);
                targets = new int[count];
                for (var i = 0; i < count; i++)
                {
                    targets[i] = end + BinaryPrimitives.ReadInt32LittleEndian(il.Slice(position + 4 + (i * 4), 4));
                }

                position = end;
                output.Add(new IlInstruction(start, code, count, targets));
                continue;
            }

            if (position + size > il.Length)
            {
                return false;
            }

            operand = size switch
            {
                1 => info.Operand == OperandType.ShortInlineI || info.Operand == OperandType.ShortInlineBrTarget
                    ? (sbyte)il[position]
                    : il[position],
                2 => BinaryPrimitives.ReadUInt16LittleEndian(il.Slice(position, 2)),
                4 => BinaryPrimitives.ReadInt32LittleEndian(il.Slice(position, 4)),
                8 => BinaryPrimitives.ReadInt64LittleEndian(il.Slice(position, 8)),
                _ => 0,
            };
            position += size;
            if (info.Operand is OperandType.InlineBrTarget or OperandType.ShortInlineBrTarget)
            {
                targets = [position + (int)operand];
            }

            output.Add(new IlInstruction(start, code, operand, targets));
        }

        return true;
    }

    private static int OperandSize(OperandType type) => type switch
    {
        OperandType.InlineNone => 0,
        OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
        OperandType.InlineVar => 2,
        OperandType.InlineI8 or OperandType.InlineR => 8,
        _ => 4,
    };
}
