namespace Rampart.Platform.Loading;

/// <summary>The compiler's safe pointer shapes that the body checker recognises and allows.</summary>
internal sealed partial class MethodBodyChecker
{
    /// <summary>
    /// The compiler's <c>Span&lt;T&gt; s = stackalloc T[n]</c>: <c>P; conv.u; [ldc size; mul.ovf.un;]
    /// localloc; P'; newobj Span`1(void*, int32)</c>, where the byte count equals count × sizeof(T),
    /// with no branch into the middle and zero-initialised locals.
    /// </summary>
    private bool IsStackallocIntoSpan(BodyContext context, int index)
    {
        if (!context.LocalsInit || index < 2 || index + 2 >= _code.Count)
        {
            return false;
        }

        int first;
        long multiplier;
        if (_code[index - 1].Code == 0xE0)
        {
            first = index - 2;
            multiplier = 1;
        }
        else if (index >= 4 && _code[index - 1].Code == 0xD9 && _code[index - 3].Code == 0xE0 && TryConstant(_code[index - 2], out multiplier))
        {
            first = index - 4;
        }
        else
        {
            return false;
        }

        var ctorIndex = index + 2;
        if (_code[ctorIndex].Code != 0x73 || !_facts.TryGetMethod((int)_code[ctorIndex].Operand, out var ctor)
            || !ctor.IsPointerSpanCtor || ctor.SpanElementSize <= 0)
        {
            return false;
        }

        for (var k = first + 1; k <= ctorIndex; k++)
        {
            if (_branchTargets.Contains(_code[k].Offset))
            {
                return false;
            }
        }

        var sizeSource = _code[first];
        var countSource = _code[index + 1];
        bool matches;
        if (TryConstant(sizeSource, out var bytes) && TryConstant(countSource, out var count))
        {
            matches = count >= 0 && (multiplier == 1
                ? bytes == count * ctor.SpanElementSize
                : bytes == count && multiplier == ctor.SpanElementSize);
        }
        else
        {
            matches = SameSlot(sizeSource, countSource) && multiplier == ctor.SpanElementSize;
        }

        if (matches)
        {
            _approvedSpanCtors.Add(ctorIndex);
        }

        return matches;
    }

    /// <summary>The compiler's constant data: <c>ldsflda &lt;PrivateImplementationDetails&gt;::f; ldc n; newobj ReadOnlySpan`1(void*, int32)</c>.</summary>
    private bool IsConstantDataSpan(int ctorIndex, MethodFacts ctor)
    {
        if (ctorIndex < 2 || ctor.SpanElementSize <= 0 || _code[ctorIndex - 2].Code != 0x7F
            || !TryConstant(_code[ctorIndex - 1], out var count)
            || !_facts.TryGetField((int)_code[ctorIndex - 2].Operand, out var field) || !field.IsConstantData)
        {
            return false;
        }

        if (_branchTargets.Contains(_code[ctorIndex - 1].Offset) || _branchTargets.Contains(_code[ctorIndex].Offset))
        {
            return false;
        }

        return count >= 0 && count * ctor.SpanElementSize <= field.DataSize;
    }

    private static bool TryConstant(IlInstruction instruction, out long value)
    {
        value = instruction.Code switch
        {
            >= 0x15 and <= 0x1E => instruction.Code - 0x16,
            0x1F or 0x20 => instruction.Operand,
            _ => long.MinValue,
        };
        return value != long.MinValue;
    }

    private static bool SameSlot(IlInstruction a, IlInstruction b)
    {
        static (int Kind, long Index) Slot(IlInstruction i) => i.Code switch
        {
            >= 0x06 and <= 0x09 => (1, i.Code - 0x06),
            0x11 or 0xFE0C => (1, i.Operand),
            >= 0x02 and <= 0x05 => (2, i.Code - 0x02),
            0x0E or 0xFE09 => (2, i.Operand),
            _ => (0, -1),
        };

        var sa = Slot(a);
        return sa.Kind != 0 && sa == Slot(b);
    }
}
