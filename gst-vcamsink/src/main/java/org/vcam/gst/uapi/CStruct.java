package org.vcam.gst.uapi;

import com.sun.jna.Pointer;
import com.sun.jna.Structure;

/**
 * A JNA structure whose field names are the C names, with its layout exposed so that the
 * layout tests can compare {@code offsetof}/{@code sizeof} from the C headers field by field.
 */
public abstract class CStruct extends Structure {
    protected CStruct() {
    }

    protected CStruct(Pointer p) {
        super(p);
    }

    public int offsetOf(String field) {
        return fieldOffset(field);
    }

    public java.util.List<String> fieldNames() {
        return getFieldOrder();
    }
}
