pub use root::*;

const _: () = ::planus::check_version_compatibility("planus-1.3.0");

/// The root namespace
///
/// Generated from these locations:
/// * File `metadata_schema.fbs`
#[no_implicit_prelude]
#[allow(clippy::needless_lifetimes)]
mod root {
    /// The namespace `tflite`
    ///
    /// Generated from these locations:
    /// * File `metadata_schema.fbs`
    pub mod tflite {
        /// The enum `AssociatedFileType` in the namespace `tflite`
        ///
        /// Generated from these locations:
        /// * Enum `AssociatedFileType` in the file `metadata_schema.fbs:81`
        #[derive(
            Copy,
            Clone,
            Debug,
            PartialEq,
            Eq,
            PartialOrd,
            Ord,
            Hash,
            ::serde::Serialize,
            ::serde::Deserialize,
        )]
        #[repr(i8)]
        pub enum AssociatedFileType {
            /// The variant `UNKNOWN` in the enum `AssociatedFileType`
            Unknown = 0,

            /// The variant `DESCRIPTIONS` in the enum `AssociatedFileType`
            Descriptions = 1,

            /// The variant `TENSOR_AXIS_LABELS` in the enum `AssociatedFileType`
            TensorAxisLabels = 2,

            /// The variant `TENSOR_VALUE_LABELS` in the enum `AssociatedFileType`
            TensorValueLabels = 3,

            /// The variant `TENSOR_AXIS_SCORE_CALIBRATION` in the enum `AssociatedFileType`
            TensorAxisScoreCalibration = 4,

            /// The variant `VOCABULARY` in the enum `AssociatedFileType`
            Vocabulary = 5,

            /// The variant `SCANN_INDEX_FILE` in the enum `AssociatedFileType`
            ScannIndexFile = 6,
        }

        impl AssociatedFileType {
            /// Array containing all valid variants of AssociatedFileType
            pub const ENUM_VALUES: [Self; 7] = [
                Self::Unknown,
                Self::Descriptions,
                Self::TensorAxisLabels,
                Self::TensorValueLabels,
                Self::TensorAxisScoreCalibration,
                Self::Vocabulary,
                Self::ScannIndexFile,
            ];
        }

        impl ::core::convert::TryFrom<i8> for AssociatedFileType {
            type Error = ::planus::errors::UnknownEnumTagKind;
            #[inline]
            fn try_from(
                value: i8,
            ) -> ::core::result::Result<Self, ::planus::errors::UnknownEnumTagKind> {
                #[allow(clippy::match_single_binding)]
                match value {
                    0 => ::core::result::Result::Ok(AssociatedFileType::Unknown),
                    1 => ::core::result::Result::Ok(AssociatedFileType::Descriptions),
                    2 => ::core::result::Result::Ok(AssociatedFileType::TensorAxisLabels),
                    3 => ::core::result::Result::Ok(AssociatedFileType::TensorValueLabels),
                    4 => ::core::result::Result::Ok(AssociatedFileType::TensorAxisScoreCalibration),
                    5 => ::core::result::Result::Ok(AssociatedFileType::Vocabulary),
                    6 => ::core::result::Result::Ok(AssociatedFileType::ScannIndexFile),

                    _ => ::core::result::Result::Err(::planus::errors::UnknownEnumTagKind {
                        tag: value as i128,
                    }),
                }
            }
        }

        impl ::core::convert::From<AssociatedFileType> for i8 {
            #[inline]
            fn from(value: AssociatedFileType) -> Self {
                value as i8
            }
        }

        /// # Safety
        /// The Planus compiler correctly calculates `ALIGNMENT` and `SIZE`.
        unsafe impl ::planus::Primitive for AssociatedFileType {
            const ALIGNMENT: usize = 1;
            const SIZE: usize = 1;
        }

        impl ::planus::WriteAsPrimitive<AssociatedFileType> for AssociatedFileType {
            #[inline]
            fn write<const N: usize>(&self, cursor: ::planus::Cursor<'_, N>, buffer_position: u32) {
                (*self as i8).write(cursor, buffer_position);
            }
        }

        impl ::planus::WriteAs<AssociatedFileType> for AssociatedFileType {
            type Prepared = Self;

            #[inline]
            fn prepare(&self, _builder: &mut ::planus::Builder) -> AssociatedFileType {
                *self
            }
        }

        impl ::planus::WriteAsDefault<AssociatedFileType, AssociatedFileType> for AssociatedFileType {
            type Prepared = Self;

            #[inline]
            fn prepare(
                &self,
                _builder: &mut ::planus::Builder,
                default: &AssociatedFileType,
            ) -> ::core::option::Option<AssociatedFileType> {
                if self == default {
                    ::core::option::Option::None
                } else {
                    ::core::option::Option::Some(*self)
                }
            }
        }

        impl ::planus::WriteAsOptional<AssociatedFileType> for AssociatedFileType {
            type Prepared = Self;

            #[inline]
            fn prepare(
                &self,
                _builder: &mut ::planus::Builder,
            ) -> ::core::option::Option<AssociatedFileType> {
                ::core::option::Option::Some(*self)
            }
        }

        impl<'buf> ::planus::TableRead<'buf> for AssociatedFileType {
            #[inline]
            fn from_buffer(
                buffer: ::planus::SliceWithStartOffset<'buf>,
                offset: usize,
            ) -> ::core::result::Result<Self, ::planus::errors::ErrorKind> {
                let n: i8 = ::planus::TableRead::from_buffer(buffer, offset)?;
                ::core::result::Result::Ok(::core::convert::TryInto::try_into(n)?)
            }
        }

        impl<'buf> ::planus::VectorReadInner<'buf> for AssociatedFileType {
            type Error = ::planus::errors::UnknownEnumTag;
            const STRIDE: usize = 1;
            #[inline]
            unsafe fn from_buffer(
                buffer: ::planus::SliceWithStartOffset<'buf>,
                offset: usize,
            ) -> ::core::result::Result<Self, ::planus::errors::UnknownEnumTag> {
                let value = unsafe { *buffer.buffer.get_unchecked(offset) as i8 };
                let value: ::core::result::Result<Self, _> =
                    ::core::convert::TryInto::try_into(value);
                value.map_err(|error_kind| {
                    error_kind.with_error_location(
                        "AssociatedFileType",
                        "VectorRead::from_buffer",
                        buffer.offset_from_start,
                    )
                })
            }
        }

        /// # Safety
        /// The planus compiler generates implementations that initialize
        /// the bytes in `write_values`.
        unsafe impl ::planus::VectorWrite<AssociatedFileType> for AssociatedFileType {
            const STRIDE: usize = 1;

            type Value = Self;

            #[inline]
            fn prepare(&self, _builder: &mut ::planus::Builder) -> Self {
                *self
            }

            #[inline]
            unsafe fn write_values(
                values: &[Self],
                bytes: *mut ::core::mem::MaybeUninit<u8>,
                buffer_position: u32,
            ) {
                let bytes = bytes as *mut [::core::mem::MaybeUninit<u8>; 1];
                for (i, v) in ::core::iter::Iterator::enumerate(values.iter()) {
                    ::planus::WriteAsPrimitive::write(
                        v,
                        ::planus::Cursor::new(unsafe { &mut *bytes.add(i) }),
                        buffer_position - i as u32,
                    );
                }
            }
        }

        /// The table `AssociatedFile` in the namespace `tflite`
        ///
        /// Generated from these locations:
        /// * Table `AssociatedFile` in the file `metadata_schema.fbs:155`
        #[derive(
            Clone,
            Debug,
            PartialEq,
            PartialOrd,
            Eq,
            Ord,
            Hash,
            ::serde::Serialize,
            ::serde::Deserialize,
        )]
        pub struct AssociatedFile {
            /// The field `name` in the table `AssociatedFile`
            pub name: ::core::option::Option<::planus::alloc::string::String>,
            /// The field `description` in the table `AssociatedFile`
            pub description: ::core::option::Option<::planus::alloc::string::String>,
            /// The field `type` in the table `AssociatedFile`
            pub type_: self::AssociatedFileType,
            /// The field `locale` in the table `AssociatedFile`
            pub locale: ::core::option::Option<::planus::alloc::string::String>,
            /// The field `version` in the table `AssociatedFile`
            pub version: ::core::option::Option<::planus::alloc::string::String>,
        }

        #[allow(clippy::derivable_impls)]
        impl ::core::default::Default for AssociatedFile {
            fn default() -> Self {
                Self {
                    name: ::core::default::Default::default(),
                    description: ::core::default::Default::default(),
                    type_: self::AssociatedFileType::Unknown,
                    locale: ::core::default::Default::default(),
                    version: ::core::default::Default::default(),
                }
            }
        }

        impl AssociatedFile {
            /// Creates a [AssociatedFileBuilder] for serializing an instance of this table.
            #[inline]
            pub fn builder() -> AssociatedFileBuilder<()> {
                AssociatedFileBuilder(())
            }

            #[allow(clippy::too_many_arguments)]
            pub fn create(
                builder: &mut ::planus::Builder,
                field_name: impl ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>,
                field_description: impl ::planus::WriteAsOptional<
                    ::planus::Offset<::core::primitive::str>,
                >,
                field_type_: impl ::planus::WriteAsDefault<
                    self::AssociatedFileType,
                    self::AssociatedFileType,
                >,
                field_locale: impl ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>,
                field_version: impl ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>,
            ) -> ::planus::Offset<Self> {
                let prepared_name = field_name.prepare(builder);
                let prepared_description = field_description.prepare(builder);
                let prepared_type_ =
                    field_type_.prepare(builder, &self::AssociatedFileType::Unknown);
                let prepared_locale = field_locale.prepare(builder);
                let prepared_version = field_version.prepare(builder);

                let mut table_writer: ::planus::table_writer::TableWriter<14> =
                    ::core::default::Default::default();
                if prepared_name.is_some() {
                    table_writer.write_entry::<::planus::Offset<str>>(0);
                }
                if prepared_description.is_some() {
                    table_writer.write_entry::<::planus::Offset<str>>(1);
                }
                if prepared_locale.is_some() {
                    table_writer.write_entry::<::planus::Offset<str>>(3);
                }
                if prepared_version.is_some() {
                    table_writer.write_entry::<::planus::Offset<str>>(4);
                }
                if prepared_type_.is_some() {
                    table_writer.write_entry::<self::AssociatedFileType>(2);
                }

                unsafe {
                    table_writer.finish(builder, |object_writer| {
                        if let ::core::option::Option::Some(prepared_name) = prepared_name {
                            object_writer.write::<_, _, 4>(&prepared_name);
                        }
                        if let ::core::option::Option::Some(prepared_description) =
                            prepared_description
                        {
                            object_writer.write::<_, _, 4>(&prepared_description);
                        }
                        if let ::core::option::Option::Some(prepared_locale) = prepared_locale {
                            object_writer.write::<_, _, 4>(&prepared_locale);
                        }
                        if let ::core::option::Option::Some(prepared_version) = prepared_version {
                            object_writer.write::<_, _, 4>(&prepared_version);
                        }
                        if let ::core::option::Option::Some(prepared_type_) = prepared_type_ {
                            object_writer.write::<_, _, 1>(&prepared_type_);
                        }
                    });
                }
                builder.current_offset()
            }
        }

        impl ::planus::WriteAs<::planus::Offset<AssociatedFile>> for AssociatedFile {
            type Prepared = ::planus::Offset<Self>;

            #[inline]
            fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<AssociatedFile> {
                ::planus::WriteAsOffset::prepare(self, builder)
            }
        }

        impl ::planus::WriteAsOptional<::planus::Offset<AssociatedFile>> for AssociatedFile {
            type Prepared = ::planus::Offset<Self>;

            #[inline]
            fn prepare(
                &self,
                builder: &mut ::planus::Builder,
            ) -> ::core::option::Option<::planus::Offset<AssociatedFile>> {
                ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
            }
        }

        impl ::planus::WriteAsOffset<AssociatedFile> for AssociatedFile {
            #[inline]
            fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<AssociatedFile> {
                AssociatedFile::create(
                    builder,
                    &self.name,
                    &self.description,
                    self.type_,
                    &self.locale,
                    &self.version,
                )
            }
        }

        /// Builder for serializing an instance of the [AssociatedFile] type.
        ///
        /// Can be created using the [AssociatedFile::builder] method.
        #[derive(Debug)]
        #[must_use]
        pub struct AssociatedFileBuilder<State>(State);

        impl AssociatedFileBuilder<()> {
            /// Setter for the [`name` field](AssociatedFile#structfield.name).
            #[inline]
            #[allow(clippy::type_complexity)]
            pub fn name<T0>(self, value: T0) -> AssociatedFileBuilder<(T0,)>
            where
                T0: ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>,
            {
                AssociatedFileBuilder((value,))
            }

            /// Sets the [`name` field](AssociatedFile#structfield.name) to null.
            #[inline]
            #[allow(clippy::type_complexity)]
            pub fn name_as_null(self) -> AssociatedFileBuilder<((),)> {
                self.name(())
            }
        }

        impl<T0> AssociatedFileBuilder<(T0,)> {
            /// Setter for the [`description` field](AssociatedFile#structfield.description).
            #[inline]
            #[allow(clippy::type_complexity)]
            pub fn description<T1>(self, value: T1) -> AssociatedFileBuilder<(T0, T1)>
            where
                T1: ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>,
            {
                let (v0,) = self.0;
                AssociatedFileBuilder((v0, value))
            }

            /// Sets the [`description` field](AssociatedFile#structfield.description) to null.
            #[inline]
            #[allow(clippy::type_complexity)]
            pub fn description_as_null(self) -> AssociatedFileBuilder<(T0, ())> {
                self.description(())
            }
        }

        impl<T0, T1> AssociatedFileBuilder<(T0, T1)> {
            /// Setter for the [`type` field](AssociatedFile#structfield.type_).
            #[inline]
            #[allow(clippy::type_complexity)]
            pub fn type_<T2>(self, value: T2) -> AssociatedFileBuilder<(T0, T1, T2)>
            where
                T2: ::planus::WriteAsDefault<self::AssociatedFileType, self::AssociatedFileType>,
            {
                let (v0, v1) = self.0;
                AssociatedFileBuilder((v0, v1, value))
            }

            /// Sets the [`type` field](AssociatedFile#structfield.type_) to the default value.
            #[inline]
            #[allow(clippy::type_complexity)]
            pub fn type_as_default(
                self,
            ) -> AssociatedFileBuilder<(T0, T1, ::planus::DefaultValue)> {
                self.type_(::planus::DefaultValue)
            }
        }

        impl<T0, T1, T2> AssociatedFileBuilder<(T0, T1, T2)> {
            /// Setter for the [`locale` field](AssociatedFile#structfield.locale).
            #[inline]
            #[allow(clippy::type_complexity)]
            pub fn locale<T3>(self, value: T3) -> AssociatedFileBuilder<(T0, T1, T2, T3)>
            where
                T3: ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>,
            {
                let (v0, v1, v2) = self.0;
                AssociatedFileBuilder((v0, v1, v2, value))
            }

            /// Sets the [`locale` field](AssociatedFile#structfield.locale) to null.
            #[inline]
            #[allow(clippy::type_complexity)]
            pub fn locale_as_null(self) -> AssociatedFileBuilder<(T0, T1, T2, ())> {
                self.locale(())
            }
        }

        impl<T0, T1, T2, T3> AssociatedFileBuilder<(T0, T1, T2, T3)> {
            /// Setter for the [`version` field](AssociatedFile#structfield.version).
            #[inline]
            #[allow(clippy::type_complexity)]
            pub fn version<T4>(self, value: T4) -> AssociatedFileBuilder<(T0, T1, T2, T3, T4)>
            where
                T4: ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>,
            {
                let (v0, v1, v2, v3) = self.0;
                AssociatedFileBuilder((v0, v1, v2, v3, value))
            }

            /// Sets the [`version` field](AssociatedFile#structfield.version) to null.
            #[inline]
            #[allow(clippy::type_complexity)]
            pub fn version_as_null(self) -> AssociatedFileBuilder<(T0, T1, T2, T3, ())> {
                self.version(())
            }
        }

        impl<T0, T1, T2, T3, T4> AssociatedFileBuilder<(T0, T1, T2, T3, T4)> {
            /// Finish writing the builder to get an [Offset](::planus::Offset) to a serialized [AssociatedFile].
            #[inline]
            pub fn finish(self, builder: &mut ::planus::Builder) -> ::planus::Offset<AssociatedFile>
            where
                Self: ::planus::WriteAsOffset<AssociatedFile>,
            {
                ::planus::WriteAsOffset::prepare(&self, builder)
            }
        }

        impl<
                T0: ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>,
                T1: ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>,
                T2: ::planus::WriteAsDefault<self::AssociatedFileType, self::AssociatedFileType>,
                T3: ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>,
                T4: ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>,
            > ::planus::WriteAs<::planus::Offset<AssociatedFile>>
            for AssociatedFileBuilder<(T0, T1, T2, T3, T4)>
        {
            type Prepared = ::planus::Offset<AssociatedFile>;

            #[inline]
            fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<AssociatedFile> {
                ::planus::WriteAsOffset::prepare(self, builder)
            }
        }

        impl<
                T0: ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>,
                T1: ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>,
                T2: ::planus::WriteAsDefault<self::AssociatedFileType, self::AssociatedFileType>,
                T3: ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>,
                T4: ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>,
            > ::planus::WriteAsOptional<::planus::Offset<AssociatedFile>>
            for AssociatedFileBuilder<(T0, T1, T2, T3, T4)>
        {
            type Prepared = ::planus::Offset<AssociatedFile>;

            #[inline]
            fn prepare(
                &self,
                builder: &mut ::planus::Builder,
            ) -> ::core::option::Option<::planus::Offset<AssociatedFile>> {
                ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
            }
        }

        impl<
                T0: ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>,
                T1: ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>,
                T2: ::planus::WriteAsDefault<self::AssociatedFileType, self::AssociatedFileType>,
                T3: ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>,
                T4: ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>,
            > ::planus::WriteAsOffset<AssociatedFile>
            for AssociatedFileBuilder<(T0, T1, T2, T3, T4)>
        {
            #[inline]
            fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<AssociatedFile> {
                let (v0, v1, v2, v3, v4) = &self.0;
                AssociatedFile::create(builder, v0, v1, v2, v3, v4)
            }
        }

        /// Reference to a deserialized [AssociatedFile].
        #[derive(Copy, Clone)]
        pub struct AssociatedFileRef<'a>(#[allow(dead_code)] ::planus::table_reader::Table<'a>);

        impl<'a> AssociatedFileRef<'a> {
            /// Getter for the [`name` field](AssociatedFile#structfield.name).
            #[inline]
            pub fn name(
                &self,
            ) -> ::planus::Result<::core::option::Option<&'a ::core::primitive::str>> {
                self.0.access(0, "AssociatedFile", "name")
            }

            /// Getter for the [`description` field](AssociatedFile#structfield.description).
            #[inline]
            pub fn description(
                &self,
            ) -> ::planus::Result<::core::option::Option<&'a ::core::primitive::str>> {
                self.0.access(1, "AssociatedFile", "description")
            }

            /// Getter for the [`type` field](AssociatedFile#structfield.type_).
            #[inline]
            pub fn type_(&self) -> ::planus::Result<self::AssociatedFileType> {
                ::core::result::Result::Ok(
                    self.0
                        .access(2, "AssociatedFile", "type_")?
                        .unwrap_or(self::AssociatedFileType::Unknown),
                )
            }

            /// Getter for the [`locale` field](AssociatedFile#structfield.locale).
            #[inline]
            pub fn locale(
                &self,
            ) -> ::planus::Result<::core::option::Option<&'a ::core::primitive::str>> {
                self.0.access(3, "AssociatedFile", "locale")
            }

            /// Getter for the [`version` field](AssociatedFile#structfield.version).
            #[inline]
            pub fn version(
                &self,
            ) -> ::planus::Result<::core::option::Option<&'a ::core::primitive::str>> {
                self.0.access(4, "AssociatedFile", "version")
            }
        }

        impl<'a> ::core::fmt::Debug for AssociatedFileRef<'a> {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                let mut f = f.debug_struct("AssociatedFileRef");
                if let ::core::option::Option::Some(field_name) = self.name().transpose() {
                    f.field("name", &field_name);
                }
                if let ::core::option::Option::Some(field_description) =
                    self.description().transpose()
                {
                    f.field("description", &field_description);
                }
                f.field("type_", &self.type_());
                if let ::core::option::Option::Some(field_locale) = self.locale().transpose() {
                    f.field("locale", &field_locale);
                }
                if let ::core::option::Option::Some(field_version) = self.version().transpose() {
                    f.field("version", &field_version);
                }
                f.finish()
            }
        }

        impl<'a> ::core::convert::TryFrom<AssociatedFileRef<'a>> for AssociatedFile {
            type Error = ::planus::Error;

            #[allow(unreachable_code)]
            fn try_from(value: AssociatedFileRef<'a>) -> ::planus::Result<Self> {
                ::core::result::Result::Ok(Self {
                    name: value.name()?.map(::core::convert::Into::into),
                    description: value.description()?.map(::core::convert::Into::into),
                    type_: ::core::convert::TryInto::try_into(value.type_()?)?,
                    locale: value.locale()?.map(::core::convert::Into::into),
                    version: value.version()?.map(::core::convert::Into::into),
                })
            }
        }

        impl<'a> ::planus::TableRead<'a> for AssociatedFileRef<'a> {
            #[inline]
            fn from_buffer(
                buffer: ::planus::SliceWithStartOffset<'a>,
                offset: usize,
            ) -> ::core::result::Result<Self, ::planus::errors::ErrorKind> {
                ::core::result::Result::Ok(Self(::planus::table_reader::Table::from_buffer(
                    buffer, offset,
                )?))
            }
        }

        impl<'a> ::planus::VectorReadInner<'a> for AssociatedFileRef<'a> {
            type Error = ::planus::Error;
            const STRIDE: usize = 4;

            unsafe fn from_buffer(
                buffer: ::planus::SliceWithStartOffset<'a>,
                offset: usize,
            ) -> ::planus::Result<Self> {
                ::planus::TableRead::from_buffer(buffer, offset).map_err(|error_kind| {
                    error_kind.with_error_location(
                        "[AssociatedFileRef]",
                        "get",
                        buffer.offset_from_start,
                    )
                })
            }
        }

        /// # Safety
        /// The planus compiler generates implementations that initialize
        /// the bytes in `write_values`.
        unsafe impl ::planus::VectorWrite<::planus::Offset<AssociatedFile>> for AssociatedFile {
            type Value = ::planus::Offset<AssociatedFile>;
            const STRIDE: usize = 4;
            #[inline]
            fn prepare(&self, builder: &mut ::planus::Builder) -> Self::Value {
                ::planus::WriteAs::prepare(self, builder)
            }

            #[inline]
            unsafe fn write_values(
                values: &[::planus::Offset<AssociatedFile>],
                bytes: *mut ::core::mem::MaybeUninit<u8>,
                buffer_position: u32,
            ) {
                let bytes = bytes as *mut [::core::mem::MaybeUninit<u8>; 4];
                for (i, v) in ::core::iter::Iterator::enumerate(values.iter()) {
                    ::planus::WriteAsPrimitive::write(
                        v,
                        ::planus::Cursor::new(unsafe { &mut *bytes.add(i) }),
                        buffer_position - (Self::STRIDE * i) as u32,
                    );
                }
            }
        }

        impl<'a> ::planus::ReadAsRoot<'a> for AssociatedFileRef<'a> {
            fn read_as_root(slice: &'a [u8]) -> ::planus::Result<Self> {
                ::planus::TableRead::from_buffer(
                    ::planus::SliceWithStartOffset {
                        buffer: slice,
                        offset_from_start: 0,
                    },
                    0,
                )
                .map_err(|error_kind| {
                    error_kind.with_error_location("[AssociatedFileRef]", "read_as_root", 0)
                })
            }
        }

        /// The table `FeatureProperties` in the namespace `tflite`
        ///
        /// Generated from these locations:
        /// * Table `FeatureProperties` in the file `metadata_schema.fbs:198`
        #[derive(
            Clone,
            Debug,
            PartialEq,
            PartialOrd,
            Eq,
            Ord,
            Hash,
            ::serde::Serialize,
            ::serde::Deserialize,
        )]
        pub struct FeatureProperties {}

        #[allow(clippy::derivable_impls)]
        impl ::core::default::Default for FeatureProperties {
            fn default() -> Self {
                Self {}
            }
        }

        impl FeatureProperties {
            /// Creates a [FeaturePropertiesBuilder] for serializing an instance of this table.
            #[inline]
            pub fn builder() -> FeaturePropertiesBuilder<()> {
                FeaturePropertiesBuilder(())
            }

            #[allow(clippy::too_many_arguments)]
            pub fn create(builder: &mut ::planus::Builder) -> ::planus::Offset<Self> {
                let table_writer: ::planus::table_writer::TableWriter<4> =
                    ::core::default::Default::default();
                unsafe {
                    table_writer.finish(builder, |_table_writer| {});
                }
                builder.current_offset()
            }
        }

        impl ::planus::WriteAs<::planus::Offset<FeatureProperties>> for FeatureProperties {
            type Prepared = ::planus::Offset<Self>;

            #[inline]
            fn prepare(
                &self,
                builder: &mut ::planus::Builder,
            ) -> ::planus::Offset<FeatureProperties> {
                ::planus::WriteAsOffset::prepare(self, builder)
            }
        }

        impl ::planus::WriteAsOptional<::planus::Offset<FeatureProperties>> for FeatureProperties {
            type Prepared = ::planus::Offset<Self>;

            #[inline]
            fn prepare(
                &self,
                builder: &mut ::planus::Builder,
            ) -> ::core::option::Option<::planus::Offset<FeatureProperties>> {
                ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
            }
        }

        impl ::planus::WriteAsOffset<FeatureProperties> for FeatureProperties {
            #[inline]
            fn prepare(
                &self,
                builder: &mut ::planus::Builder,
            ) -> ::planus::Offset<FeatureProperties> {
                FeatureProperties::create(builder)
            }
        }

        /// Builder for serializing an instance of the [FeatureProperties] type.
        ///
        /// Can be created using the [FeatureProperties::builder] method.
        #[derive(Debug)]
        #[must_use]
        pub struct FeaturePropertiesBuilder<State>(State);

        impl FeaturePropertiesBuilder<()> {
            /// Finish writing the builder to get an [Offset](::planus::Offset) to a serialized [FeatureProperties].
            #[inline]
            pub fn finish(
                self,
                builder: &mut ::planus::Builder,
            ) -> ::planus::Offset<FeatureProperties>
            where
                Self: ::planus::WriteAsOffset<FeatureProperties>,
            {
                ::planus::WriteAsOffset::prepare(&self, builder)
            }
        }

        impl ::planus::WriteAs<::planus::Offset<FeatureProperties>> for FeaturePropertiesBuilder<()> {
            type Prepared = ::planus::Offset<FeatureProperties>;

            #[inline]
            fn prepare(
                &self,
                builder: &mut ::planus::Builder,
            ) -> ::planus::Offset<FeatureProperties> {
                ::planus::WriteAsOffset::prepare(self, builder)
            }
        }

        impl ::planus::WriteAsOptional<::planus::Offset<FeatureProperties>>
            for FeaturePropertiesBuilder<()>
        {
            type Prepared = ::planus::Offset<FeatureProperties>;

            #[inline]
            fn prepare(
                &self,
                builder: &mut ::planus::Builder,
            ) -> ::core::option::Option<::planus::Offset<FeatureProperties>> {
                ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
            }
        }

        impl ::planus::WriteAsOffset<FeatureProperties> for FeaturePropertiesBuilder<()> {
            #[inline]
            fn prepare(
                &self,
                builder: &mut ::planus::Builder,
            ) -> ::planus::Offset<FeatureProperties> {
                FeatureProperties::create(builder)
            }
        }

        /// Reference to a deserialized [FeatureProperties].
        #[derive(Copy, Clone)]
        pub struct FeaturePropertiesRef<'a>(#[allow(dead_code)] ::planus::table_reader::Table<'a>);

        impl<'a> FeaturePropertiesRef<'a> {}

        impl<'a> ::core::fmt::Debug for FeaturePropertiesRef<'a> {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                let mut f = f.debug_struct("FeaturePropertiesRef");

                f.finish()
            }
        }

        impl<'a> ::core::convert::TryFrom<FeaturePropertiesRef<'a>> for FeatureProperties {
            type Error = ::planus::Error;

            fn try_from(_value: FeaturePropertiesRef<'a>) -> ::planus::Result<Self> {
                ::core::result::Result::Ok(Self {})
            }
        }

        impl<'a> ::planus::TableRead<'a> for FeaturePropertiesRef<'a> {
            #[inline]
            fn from_buffer(
                buffer: ::planus::SliceWithStartOffset<'a>,
                offset: usize,
            ) -> ::core::result::Result<Self, ::planus::errors::ErrorKind> {
                ::core::result::Result::Ok(Self(::planus::table_reader::Table::from_buffer(
                    buffer, offset,
                )?))
            }
        }

        impl<'a> ::planus::VectorReadInner<'a> for FeaturePropertiesRef<'a> {
            type Error = ::planus::Error;
            const STRIDE: usize = 4;

            unsafe fn from_buffer(
                buffer: ::planus::SliceWithStartOffset<'a>,
                offset: usize,
            ) -> ::planus::Result<Self> {
                ::planus::TableRead::from_buffer(buffer, offset).map_err(|error_kind| {
                    error_kind.with_error_location(
                        "[FeaturePropertiesRef]",
                        "get",
                        buffer.offset_from_start,
                    )
                })
            }
        }

        /// # Safety
        /// The planus compiler generates implementations that initialize
        /// the bytes in `write_values`.
        unsafe impl ::planus::VectorWrite<::planus::Offset<FeatureProperties>> for FeatureProperties {
            type Value = ::planus::Offset<FeatureProperties>;
            const STRIDE: usize = 4;
            #[inline]
            fn prepare(&self, builder: &mut ::planus::Builder) -> Self::Value {
                ::planus::WriteAs::prepare(self, builder)
            }

            #[inline]
            unsafe fn write_values(
                values: &[::planus::Offset<FeatureProperties>],
                bytes: *mut ::core::mem::MaybeUninit<u8>,
                buffer_position: u32,
            ) {
                let bytes = bytes as *mut [::core::mem::MaybeUninit<u8>; 4];
                for (i, v) in ::core::iter::Iterator::enumerate(values.iter()) {
                    ::planus::WriteAsPrimitive::write(
                        v,
                        ::planus::Cursor::new(unsafe { &mut *bytes.add(i) }),
                        buffer_position - (Self::STRIDE * i) as u32,
                    );
                }
            }
        }

        impl<'a> ::planus::ReadAsRoot<'a> for FeaturePropertiesRef<'a> {
            fn read_as_root(slice: &'a [u8]) -> ::planus::Result<Self> {
                ::planus::TableRead::from_buffer(
                    ::planus::SliceWithStartOffset {
                        buffer: slice,
                        offset_from_start: 0,
                    },
                    0,
                )
                .map_err(|error_kind| {
                    error_kind.with_error_location("[FeaturePropertiesRef]", "read_as_root", 0)
                })
            }
        }

        /// The enum `ColorSpaceType` in the namespace `tflite`
        ///
        /// Generated from these locations:
        /// * Enum `ColorSpaceType` in the file `metadata_schema.fbs:202`
        #[derive(
            Copy,
            Clone,
            Debug,
            PartialEq,
            Eq,
            PartialOrd,
            Ord,
            Hash,
            ::serde::Serialize,
            ::serde::Deserialize,
        )]
        #[repr(i8)]
        pub enum ColorSpaceType {
            /// The variant `UNKNOWN` in the enum `ColorSpaceType`
            Unknown = 0,

            /// The variant `RGB` in the enum `ColorSpaceType`
            Rgb = 1,

            /// The variant `GRAYSCALE` in the enum `ColorSpaceType`
            Grayscale = 2,
        }

        impl ColorSpaceType {
            /// Array containing all valid variants of ColorSpaceType
            pub const ENUM_VALUES: [Self; 3] = [Self::Unknown, Self::Rgb, Self::Grayscale];
        }

        impl ::core::convert::TryFrom<i8> for ColorSpaceType {
            type Error = ::planus::errors::UnknownEnumTagKind;
            #[inline]
            fn try_from(
                value: i8,
            ) -> ::core::result::Result<Self, ::planus::errors::UnknownEnumTagKind> {
                #[allow(clippy::match_single_binding)]
                match value {
                    0 => ::core::result::Result::Ok(ColorSpaceType::Unknown),
                    1 => ::core::result::Result::Ok(ColorSpaceType::Rgb),
                    2 => ::core::result::Result::Ok(ColorSpaceType::Grayscale),

                    _ => ::core::result::Result::Err(::planus::errors::UnknownEnumTagKind {
                        tag: value as i128,
                    }),
                }
            }
        }

        impl ::core::convert::From<ColorSpaceType> for i8 {
            #[inline]
            fn from(value: ColorSpaceType) -> Self {
                value as i8
            }
        }

        /// # Safety
        /// The Planus compiler correctly calculates `ALIGNMENT` and `SIZE`.
        unsafe impl ::planus::Primitive for ColorSpaceType {
            const ALIGNMENT: usize = 1;
            const SIZE: usize = 1;
        }

        impl ::planus::WriteAsPrimitive<ColorSpaceType> for ColorSpaceType {
            #[inline]
            fn write<const N: usize>(&self, cursor: ::planus::Cursor<'_, N>, buffer_position: u32) {
                (*self as i8).write(cursor, buffer_position);
            }
        }

        impl ::planus::WriteAs<ColorSpaceType> for ColorSpaceType {
            type Prepared = Self;

            #[inline]
            fn prepare(&self, _builder: &mut ::planus::Builder) -> ColorSpaceType {
                *self
            }
        }

        impl ::planus::WriteAsDefault<ColorSpaceType, ColorSpaceType> for ColorSpaceType {
            type Prepared = Self;

            #[inline]
            fn prepare(
                &self,
                _builder: &mut ::planus::Builder,
                default: &ColorSpaceType,
            ) -> ::core::option::Option<ColorSpaceType> {
                if self == default {
                    ::core::option::Option::None
                } else {
                    ::core::option::Option::Some(*self)
                }
            }
        }

        impl ::planus::WriteAsOptional<ColorSpaceType> for ColorSpaceType {
            type Prepared = Self;

            #[inline]
            fn prepare(
                &self,
                _builder: &mut ::planus::Builder,
            ) -> ::core::option::Option<ColorSpaceType> {
                ::core::option::Option::Some(*self)
            }
        }

        impl<'buf> ::planus::TableRead<'buf> for ColorSpaceType {
            #[inline]
            fn from_buffer(
                buffer: ::planus::SliceWithStartOffset<'buf>,
                offset: usize,
            ) -> ::core::result::Result<Self, ::planus::errors::ErrorKind> {
                let n: i8 = ::planus::TableRead::from_buffer(buffer, offset)?;
                ::core::result::Result::Ok(::core::convert::TryInto::try_into(n)?)
            }
        }

        impl<'buf> ::planus::VectorReadInner<'buf> for ColorSpaceType {
            type Error = ::planus::errors::UnknownEnumTag;
            const STRIDE: usize = 1;
            #[inline]
            unsafe fn from_buffer(
                buffer: ::planus::SliceWithStartOffset<'buf>,
                offset: usize,
            ) -> ::core::result::Result<Self, ::planus::errors::UnknownEnumTag> {
                let value = unsafe { *buffer.buffer.get_unchecked(offset) as i8 };
                let value: ::core::result::Result<Self, _> =
                    ::core::convert::TryInto::try_into(value);
                value.map_err(|error_kind| {
                    error_kind.with_error_location(
                        "ColorSpaceType",
                        "VectorRead::from_buffer",
                        buffer.offset_from_start,
                    )
                })
            }
        }

        /// # Safety
        /// The planus compiler generates implementations that initialize
        /// the bytes in `write_values`.
        unsafe impl ::planus::VectorWrite<ColorSpaceType> for ColorSpaceType {
            const STRIDE: usize = 1;

            type Value = Self;

            #[inline]
            fn prepare(&self, _builder: &mut ::planus::Builder) -> Self {
                *self
            }

            #[inline]
            unsafe fn write_values(
                values: &[Self],
                bytes: *mut ::core::mem::MaybeUninit<u8>,
                buffer_position: u32,
            ) {
                let bytes = bytes as *mut [::core::mem::MaybeUninit<u8>; 1];
                for (i, v) in ::core::iter::Iterator::enumerate(values.iter()) {
                    ::planus::WriteAsPrimitive::write(
                        v,
                        ::planus::Cursor::new(unsafe { &mut *bytes.add(i) }),
                        buffer_position - i as u32,
                    );
                }
            }
        }

        /// The table `ImageSize` in the namespace `tflite`
        ///
        /// Generated from these locations:
        /// * Table `ImageSize` in the file `metadata_schema.fbs:208`
        #[derive(
            Clone,
            Debug,
            PartialEq,
            PartialOrd,
            Eq,
            Ord,
            Hash,
            ::serde::Serialize,
            ::serde::Deserialize,
        )]
        pub struct ImageSize {
            /// The field `width` in the table `ImageSize`
            pub width: u32,
            /// The field `height` in the table `ImageSize`
            pub height: u32,
        }

        #[allow(clippy::derivable_impls)]
        impl ::core::default::Default for ImageSize {
            fn default() -> Self {
                Self {
                    width: 0,
                    height: 0,
                }
            }
        }

        impl ImageSize {
            /// Creates a [ImageSizeBuilder] for serializing an instance of this table.
            #[inline]
            pub fn builder() -> ImageSizeBuilder<()> {
                ImageSizeBuilder(())
            }

            #[allow(clippy::too_many_arguments)]
            pub fn create(
                builder: &mut ::planus::Builder,
                field_width: impl ::planus::WriteAsDefault<u32, u32>,
                field_height: impl ::planus::WriteAsDefault<u32, u32>,
            ) -> ::planus::Offset<Self> {
                let prepared_width = field_width.prepare(builder, &0);
                let prepared_height = field_height.prepare(builder, &0);

                let mut table_writer: ::planus::table_writer::TableWriter<8> =
                    ::core::default::Default::default();
                if prepared_width.is_some() {
                    table_writer.write_entry::<u32>(0);
                }
                if prepared_height.is_some() {
                    table_writer.write_entry::<u32>(1);
                }

                unsafe {
                    table_writer.finish(builder, |object_writer| {
                        if let ::core::option::Option::Some(prepared_width) = prepared_width {
                            object_writer.write::<_, _, 4>(&prepared_width);
                        }
                        if let ::core::option::Option::Some(prepared_height) = prepared_height {
                            object_writer.write::<_, _, 4>(&prepared_height);
                        }
                    });
                }
                builder.current_offset()
            }
        }

        impl ::planus::WriteAs<::planus::Offset<ImageSize>> for ImageSize {
            type Prepared = ::planus::Offset<Self>;

            #[inline]
            fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<ImageSize> {
                ::planus::WriteAsOffset::prepare(self, builder)
            }
        }

        impl ::planus::WriteAsOptional<::planus::Offset<ImageSize>> for ImageSize {
            type Prepared = ::planus::Offset<Self>;

            #[inline]
            fn prepare(
                &self,
                builder: &mut ::planus::Builder,
            ) -> ::core::option::Option<::planus::Offset<ImageSize>> {
                ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
            }
        }

        impl ::planus::WriteAsOffset<ImageSize> for ImageSize {
            #[inline]
            fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<ImageSize> {
                ImageSize::create(builder, self.width, self.height)
            }
        }

        /// Builder for serializing an instance of the [ImageSize] type.
        ///
        /// Can be created using the [ImageSize::builder] method.
        #[derive(Debug)]
        #[must_use]
        pub struct ImageSizeBuilder<State>(State);

        impl ImageSizeBuilder<()> {
            /// Setter for the [`width` field](ImageSize#structfield.width).
            #[inline]
            #[allow(clippy::type_complexity)]
            pub fn width<T0>(self, value: T0) -> ImageSizeBuilder<(T0,)>
            where
                T0: ::planus::WriteAsDefault<u32, u32>,
            {
                ImageSizeBuilder((value,))
            }

            /// Sets the [`width` field](ImageSize#structfield.width) to the default value.
            #[inline]
            #[allow(clippy::type_complexity)]
            pub fn width_as_default(self) -> ImageSizeBuilder<(::planus::DefaultValue,)> {
                self.width(::planus::DefaultValue)
            }
        }

        impl<T0> ImageSizeBuilder<(T0,)> {
            /// Setter for the [`height` field](ImageSize#structfield.height).
            #[inline]
            #[allow(clippy::type_complexity)]
            pub fn height<T1>(self, value: T1) -> ImageSizeBuilder<(T0, T1)>
            where
                T1: ::planus::WriteAsDefault<u32, u32>,
            {
                let (v0,) = self.0;
                ImageSizeBuilder((v0, value))
            }

            /// Sets the [`height` field](ImageSize#structfield.height) to the default value.
            #[inline]
            #[allow(clippy::type_complexity)]
            pub fn height_as_default(self) -> ImageSizeBuilder<(T0, ::planus::DefaultValue)> {
                self.height(::planus::DefaultValue)
            }
        }

        impl<T0, T1> ImageSizeBuilder<(T0, T1)> {
            /// Finish writing the builder to get an [Offset](::planus::Offset) to a serialized [ImageSize].
            #[inline]
            pub fn finish(self, builder: &mut ::planus::Builder) -> ::planus::Offset<ImageSize>
            where
                Self: ::planus::WriteAsOffset<ImageSize>,
            {
                ::planus::WriteAsOffset::prepare(&self, builder)
            }
        }

        impl<T0: ::planus::WriteAsDefault<u32, u32>, T1: ::planus::WriteAsDefault<u32, u32>>
            ::planus::WriteAs<::planus::Offset<ImageSize>> for ImageSizeBuilder<(T0, T1)>
        {
            type Prepared = ::planus::Offset<ImageSize>;

            #[inline]
            fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<ImageSize> {
                ::planus::WriteAsOffset::prepare(self, builder)
            }
        }

        impl<T0: ::planus::WriteAsDefault<u32, u32>, T1: ::planus::WriteAsDefault<u32, u32>>
            ::planus::WriteAsOptional<::planus::Offset<ImageSize>> for ImageSizeBuilder<(T0, T1)>
        {
            type Prepared = ::planus::Offset<ImageSize>;

            #[inline]
            fn prepare(
                &self,
                builder: &mut ::planus::Builder,
            ) -> ::core::option::Option<::planus::Offset<ImageSize>> {
                ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
            }
        }

        impl<T0: ::planus::WriteAsDefault<u32, u32>, T1: ::planus::WriteAsDefault<u32, u32>>
            ::planus::WriteAsOffset<ImageSize> for ImageSizeBuilder<(T0, T1)>
        {
            #[inline]
            fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<ImageSize> {
                let (v0, v1) = &self.0;
                ImageSize::create(builder, v0, v1)
            }
        }

        /// Reference to a deserialized [ImageSize].
        #[derive(Copy, Clone)]
        pub struct ImageSizeRef<'a>(#[allow(dead_code)] ::planus::table_reader::Table<'a>);

        impl<'a> ImageSizeRef<'a> {
            /// Getter for the [`width` field](ImageSize#structfield.width).
            #[inline]
            pub fn width(&self) -> ::planus::Result<u32> {
                ::core::result::Result::Ok(self.0.access(0, "ImageSize", "width")?.unwrap_or(0))
            }

            /// Getter for the [`height` field](ImageSize#structfield.height).
            #[inline]
            pub fn height(&self) -> ::planus::Result<u32> {
                ::core::result::Result::Ok(self.0.access(1, "ImageSize", "height")?.unwrap_or(0))
            }
        }

        impl<'a> ::core::fmt::Debug for ImageSizeRef<'a> {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                let mut f = f.debug_struct("ImageSizeRef");
                f.field("width", &self.width());
                f.field("height", &self.height());
                f.finish()
            }
        }

        impl<'a> ::core::convert::TryFrom<ImageSizeRef<'a>> for ImageSize {
            type Error = ::planus::Error;

            #[allow(unreachable_code)]
            fn try_from(value: ImageSizeRef<'a>) -> ::planus::Result<Self> {
                ::core::result::Result::Ok(Self {
                    width: ::core::convert::TryInto::try_into(value.width()?)?,
                    height: ::core::convert::TryInto::try_into(value.height()?)?,
                })
            }
        }

        impl<'a> ::planus::TableRead<'a> for ImageSizeRef<'a> {
            #[inline]
            fn from_buffer(
                buffer: ::planus::SliceWithStartOffset<'a>,
                offset: usize,
            ) -> ::core::result::Result<Self, ::planus::errors::ErrorKind> {
                ::core::result::Result::Ok(Self(::planus::table_reader::Table::from_buffer(
                    buffer, offset,
                )?))
            }
        }

        impl<'a> ::planus::VectorReadInner<'a> for ImageSizeRef<'a> {
            type Error = ::planus::Error;
            const STRIDE: usize = 4;

            unsafe fn from_buffer(
                buffer: ::planus::SliceWithStartOffset<'a>,
                offset: usize,
            ) -> ::planus::Result<Self> {
                ::planus::TableRead::from_buffer(buffer, offset).map_err(|error_kind| {
                    error_kind.with_error_location(
                        "[ImageSizeRef]",
                        "get",
                        buffer.offset_from_start,
                    )
                })
            }
        }

        /// # Safety
        /// The planus compiler generates implementations that initialize
        /// the bytes in `write_values`.
        unsafe impl ::planus::VectorWrite<::planus::Offset<ImageSize>> for ImageSize {
            type Value = ::planus::Offset<ImageSize>;
            const STRIDE: usize = 4;
            #[inline]
            fn prepare(&self, builder: &mut ::planus::Builder) -> Self::Value {
                ::planus::WriteAs::prepare(self, builder)
            }

            #[inline]
            unsafe fn write_values(
                values: &[::planus::Offset<ImageSize>],
                bytes: *mut ::core::mem::MaybeUninit<u8>,
                buffer_position: u32,
            ) {
                let bytes = bytes as *mut [::core::mem::MaybeUninit<u8>; 4];
                for (i, v) in ::core::iter::Iterator::enumerate(values.iter()) {
                    ::planus::WriteAsPrimitive::write(
                        v,
                        ::planus::Cursor::new(unsafe { &mut *bytes.add(i) }),
                        buffer_position - (Self::STRIDE * i) as u32,
                    );
                }
            }
        }

        impl<'a> ::planus::ReadAsRoot<'a> for ImageSizeRef<'a> {
            fn read_as_root(slice: &'a [u8]) -> ::planus::Result<Self> {
                ::planus::TableRead::from_buffer(
                    ::planus::SliceWithStartOffset {
                        buffer: slice,
                        offset_from_start: 0,
                    },
                    0,
                )
                .map_err(|error_kind| {
                    error_kind.with_error_location("[ImageSizeRef]", "read_as_root", 0)
                })
            }
        }

        /// The table `ImageProperties` in the namespace `tflite`
        ///
        /// Generated from these locations:
        /// * Table `ImageProperties` in the file `metadata_schema.fbs:224`
        #[derive(
            Clone,
            Debug,
            PartialEq,
            PartialOrd,
            Eq,
            Ord,
            Hash,
            ::serde::Serialize,
            ::serde::Deserialize,
        )]
        pub struct ImageProperties {
            /// The field `color_space` in the table `ImageProperties`
            pub color_space: self::ColorSpaceType,
            /// The field `default_size` in the table `ImageProperties`
            pub default_size: ::core::option::Option<::planus::alloc::boxed::Box<self::ImageSize>>,
        }

        #[allow(clippy::derivable_impls)]
        impl ::core::default::Default for ImageProperties {
            fn default() -> Self {
                Self {
                    color_space: self::ColorSpaceType::Unknown,
                    default_size: ::core::default::Default::default(),
                }
            }
        }

        impl ImageProperties {
            /// Creates a [ImagePropertiesBuilder] for serializing an instance of this table.
            #[inline]
            pub fn builder() -> ImagePropertiesBuilder<()> {
                ImagePropertiesBuilder(())
            }

            #[allow(clippy::too_many_arguments)]
            pub fn create(
                builder: &mut ::planus::Builder,
                field_color_space: impl ::planus::WriteAsDefault<
                    self::ColorSpaceType,
                    self::ColorSpaceType,
                >,
                field_default_size: impl ::planus::WriteAsOptional<::planus::Offset<self::ImageSize>>,
            ) -> ::planus::Offset<Self> {
                let prepared_color_space =
                    field_color_space.prepare(builder, &self::ColorSpaceType::Unknown);
                let prepared_default_size = field_default_size.prepare(builder);

                let mut table_writer: ::planus::table_writer::TableWriter<8> =
                    ::core::default::Default::default();
                if prepared_default_size.is_some() {
                    table_writer.write_entry::<::planus::Offset<self::ImageSize>>(1);
                }
                if prepared_color_space.is_some() {
                    table_writer.write_entry::<self::ColorSpaceType>(0);
                }

                unsafe {
                    table_writer.finish(builder, |object_writer| {
                        if let ::core::option::Option::Some(prepared_default_size) =
                            prepared_default_size
                        {
                            object_writer.write::<_, _, 4>(&prepared_default_size);
                        }
                        if let ::core::option::Option::Some(prepared_color_space) =
                            prepared_color_space
                        {
                            object_writer.write::<_, _, 1>(&prepared_color_space);
                        }
                    });
                }
                builder.current_offset()
            }
        }

        impl ::planus::WriteAs<::planus::Offset<ImageProperties>> for ImageProperties {
            type Prepared = ::planus::Offset<Self>;

            #[inline]
            fn prepare(
                &self,
                builder: &mut ::planus::Builder,
            ) -> ::planus::Offset<ImageProperties> {
                ::planus::WriteAsOffset::prepare(self, builder)
            }
        }

        impl ::planus::WriteAsOptional<::planus::Offset<ImageProperties>> for ImageProperties {
            type Prepared = ::planus::Offset<Self>;

            #[inline]
            fn prepare(
                &self,
                builder: &mut ::planus::Builder,
            ) -> ::core::option::Option<::planus::Offset<ImageProperties>> {
                ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
            }
        }

        impl ::planus::WriteAsOffset<ImageProperties> for ImageProperties {
            #[inline]
            fn prepare(
                &self,
                builder: &mut ::planus::Builder,
            ) -> ::planus::Offset<ImageProperties> {
                ImageProperties::create(builder, self.color_space, &self.default_size)
            }
        }

        /// Builder for serializing an instance of the [ImageProperties] type.
        ///
        /// Can be created using the [ImageProperties::builder] method.
        #[derive(Debug)]
        #[must_use]
        pub struct ImagePropertiesBuilder<State>(State);

        impl ImagePropertiesBuilder<()> {
            /// Setter for the [`color_space` field](ImageProperties#structfield.color_space).
            #[inline]
            #[allow(clippy::type_complexity)]
            pub fn color_space<T0>(self, value: T0) -> ImagePropertiesBuilder<(T0,)>
            where
                T0: ::planus::WriteAsDefault<self::ColorSpaceType, self::ColorSpaceType>,
            {
                ImagePropertiesBuilder((value,))
            }

            /// Sets the [`color_space` field](ImageProperties#structfield.color_space) to the default value.
            #[inline]
            #[allow(clippy::type_complexity)]
            pub fn color_space_as_default(
                self,
            ) -> ImagePropertiesBuilder<(::planus::DefaultValue,)> {
                self.color_space(::planus::DefaultValue)
            }
        }

        impl<T0> ImagePropertiesBuilder<(T0,)> {
            /// Setter for the [`default_size` field](ImageProperties#structfield.default_size).
            #[inline]
            #[allow(clippy::type_complexity)]
            pub fn default_size<T1>(self, value: T1) -> ImagePropertiesBuilder<(T0, T1)>
            where
                T1: ::planus::WriteAsOptional<::planus::Offset<self::ImageSize>>,
            {
                let (v0,) = self.0;
                ImagePropertiesBuilder((v0, value))
            }

            /// Sets the [`default_size` field](ImageProperties#structfield.default_size) to null.
            #[inline]
            #[allow(clippy::type_complexity)]
            pub fn default_size_as_null(self) -> ImagePropertiesBuilder<(T0, ())> {
                self.default_size(())
            }
        }

        impl<T0, T1> ImagePropertiesBuilder<(T0, T1)> {
            /// Finish writing the builder to get an [Offset](::planus::Offset) to a serialized [ImageProperties].
            #[inline]
            pub fn finish(
                self,
                builder: &mut ::planus::Builder,
            ) -> ::planus::Offset<ImageProperties>
            where
                Self: ::planus::WriteAsOffset<ImageProperties>,
            {
                ::planus::WriteAsOffset::prepare(&self, builder)
            }
        }

        impl<
                T0: ::planus::WriteAsDefault<self::ColorSpaceType, self::ColorSpaceType>,
                T1: ::planus::WriteAsOptional<::planus::Offset<self::ImageSize>>,
            > ::planus::WriteAs<::planus::Offset<ImageProperties>>
            for ImagePropertiesBuilder<(T0, T1)>
        {
            type Prepared = ::planus::Offset<ImageProperties>;

            #[inline]
            fn prepare(
                &self,
                builder: &mut ::planus::Builder,
            ) -> ::planus::Offset<ImageProperties> {
                ::planus::WriteAsOffset::prepare(self, builder)
            }
        }

        impl<
                T0: ::planus::WriteAsDefault<self::ColorSpaceType, self::ColorSpaceType>,
                T1: ::planus::WriteAsOptional<::planus::Offset<self::ImageSize>>,
            > ::planus::WriteAsOptional<::planus::Offset<ImageProperties>>
            for ImagePropertiesBuilder<(T0, T1)>
        {
            type Prepared = ::planus::Offset<ImageProperties>;

            #[inline]
            fn prepare(
                &self,
                builder: &mut ::planus::Builder,
            ) -> ::core::option::Option<::planus::Offset<ImageProperties>> {
                ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
            }
        }

        impl<
                T0: ::planus::WriteAsDefault<self::ColorSpaceType, self::ColorSpaceType>,
                T1: ::planus::WriteAsOptional<::planus::Offset<self::ImageSize>>,
            > ::planus::WriteAsOffset<ImageProperties> for ImagePropertiesBuilder<(T0, T1)>
        {
            #[inline]
            fn prepare(
                &self,
                builder: &mut ::planus::Builder,
            ) -> ::planus::Offset<ImageProperties> {
                let (v0, v1) = &self.0;
                ImageProperties::create(builder, v0, v1)
            }
        }

        /// Reference to a deserialized [ImageProperties].
        #[derive(Copy, Clone)]
        pub struct ImagePropertiesRef<'a>(#[allow(dead_code)] ::planus::table_reader::Table<'a>);

        impl<'a> ImagePropertiesRef<'a> {
            /// Getter for the [`color_space` field](ImageProperties#structfield.color_space).
            #[inline]
            pub fn color_space(&self) -> ::planus::Result<self::ColorSpaceType> {
                ::core::result::Result::Ok(
                    self.0
                        .access(0, "ImageProperties", "color_space")?
                        .unwrap_or(self::ColorSpaceType::Unknown),
                )
            }

            /// Getter for the [`default_size` field](ImageProperties#structfield.default_size).
            #[inline]
            pub fn default_size(
                &self,
            ) -> ::planus::Result<::core::option::Option<self::ImageSizeRef<'a>>> {
                self.0.access(1, "ImageProperties", "default_size")
            }
        }

        impl<'a> ::core::fmt::Debug for ImagePropertiesRef<'a> {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                let mut f = f.debug_struct("ImagePropertiesRef");
                f.field("color_space", &self.color_space());
                if let ::core::option::Option::Some(field_default_size) =
                    self.default_size().transpose()
                {
                    f.field("default_size", &field_default_size);
                }
                f.finish()
            }
        }

        impl<'a> ::core::convert::TryFrom<ImagePropertiesRef<'a>> for ImageProperties {
            type Error = ::planus::Error;

            #[allow(unreachable_code)]
            fn try_from(value: ImagePropertiesRef<'a>) -> ::planus::Result<Self> {
                ::core::result::Result::Ok(Self {
                    color_space: ::core::convert::TryInto::try_into(value.color_space()?)?,
                    default_size: if let ::core::option::Option::Some(default_size) =
                        value.default_size()?
                    {
                        ::core::option::Option::Some(::planus::alloc::boxed::Box::new(
                            ::core::convert::TryInto::try_into(default_size)?,
                        ))
                    } else {
                        ::core::option::Option::None
                    },
                })
            }
        }

        impl<'a> ::planus::TableRead<'a> for ImagePropertiesRef<'a> {
            #[inline]
            fn from_buffer(
                buffer: ::planus::SliceWithStartOffset<'a>,
                offset: usize,
            ) -> ::core::result::Result<Self, ::planus::errors::ErrorKind> {
                ::core::result::Result::Ok(Self(::planus::table_reader::Table::from_buffer(
                    buffer, offset,
                )?))
            }
        }

        impl<'a> ::planus::VectorReadInner<'a> for ImagePropertiesRef<'a> {
            type Error = ::planus::Error;
            const STRIDE: usize = 4;

            unsafe fn from_buffer(
                buffer: ::planus::SliceWithStartOffset<'a>,
                offset: usize,
            ) -> ::planus::Result<Self> {
                ::planus::TableRead::from_buffer(buffer, offset).map_err(|error_kind| {
                    error_kind.with_error_location(
                        "[ImagePropertiesRef]",
                        "get",
                        buffer.offset_from_start,
                    )
                })
            }
        }

        /// # Safety
        /// The planus compiler generates implementations that initialize
        /// the bytes in `write_values`.
        unsafe impl ::planus::VectorWrite<::planus::Offset<ImageProperties>> for ImageProperties {
            type Value = ::planus::Offset<ImageProperties>;
            const STRIDE: usize = 4;
            #[inline]
            fn prepare(&self, builder: &mut ::planus::Builder) -> Self::Value {
                ::planus::WriteAs::prepare(self, builder)
            }

            #[inline]
            unsafe fn write_values(
                values: &[::planus::Offset<ImageProperties>],
                bytes: *mut ::core::mem::MaybeUninit<u8>,
                buffer_position: u32,
            ) {
                let bytes = bytes as *mut [::core::mem::MaybeUninit<u8>; 4];
                for (i, v) in ::core::iter::Iterator::enumerate(values.iter()) {
                    ::planus::WriteAsPrimitive::write(
                        v,
                        ::planus::Cursor::new(unsafe { &mut *bytes.add(i) }),
                        buffer_position - (Self::STRIDE * i) as u32,
                    );
                }
            }
        }

        impl<'a> ::planus::ReadAsRoot<'a> for ImagePropertiesRef<'a> {
            fn read_as_root(slice: &'a [u8]) -> ::planus::Result<Self> {
                ::planus::TableRead::from_buffer(
                    ::planus::SliceWithStartOffset {
                        buffer: slice,
                        offset_from_start: 0,
                    },
                    0,
                )
                .map_err(|error_kind| {
                    error_kind.with_error_location("[ImagePropertiesRef]", "read_as_root", 0)
                })
            }
        }

        /// The enum `BoundingBoxType` in the namespace `tflite`
        ///
        /// Generated from these locations:
        /// * Enum `BoundingBoxType` in the file `metadata_schema.fbs:244`
        #[derive(
            Copy,
            Clone,
            Debug,
            PartialEq,
            Eq,
            PartialOrd,
            Ord,
            Hash,
            ::serde::Serialize,
            ::serde::Deserialize,
        )]
        #[repr(i8)]
        pub enum BoundingBoxType {
            /// The variant `UNKNOWN` in the enum `BoundingBoxType`
            Unknown = 0,

            /// The variant `BOUNDARIES` in the enum `BoundingBoxType`
            Boundaries = 1,

            /// The variant `UPPER_LEFT` in the enum `BoundingBoxType`
            UpperLeft = 2,

            /// The variant `CENTER` in the enum `BoundingBoxType`
            Center = 3,
        }

        impl BoundingBoxType {
            /// Array containing all valid variants of BoundingBoxType
            pub const ENUM_VALUES: [Self; 4] = [
                Self::Unknown,
                Self::Boundaries,
                Self::UpperLeft,
                Self::Center,
            ];
        }

        impl ::core::convert::TryFrom<i8> for BoundingBoxType {
            type Error = ::planus::errors::UnknownEnumTagKind;
            #[inline]
            fn try_from(
                value: i8,
            ) -> ::core::result::Result<Self, ::planus::errors::UnknownEnumTagKind> {
                #[allow(clippy::match_single_binding)]
                match value {
                    0 => ::core::result::Result::Ok(BoundingBoxType::Unknown),
                    1 => ::core::result::Result::Ok(BoundingBoxType::Boundaries),
                    2 => ::core::result::Result::Ok(BoundingBoxType::UpperLeft),
                    3 => ::core::result::Result::Ok(BoundingBoxType::Center),

                    _ => ::core::result::Result::Err(::planus::errors::UnknownEnumTagKind {
                        tag: value as i128,
                    }),
                }
            }
        }

        impl ::core::convert::From<BoundingBoxType> for i8 {
            #[inline]
            fn from(value: BoundingBoxType) -> Self {
                value as i8
            }
        }

        /// # Safety
        /// The Planus compiler correctly calculates `ALIGNMENT` and `SIZE`.
        unsafe impl ::planus::Primitive for BoundingBoxType {
            const ALIGNMENT: usize = 1;
            const SIZE: usize = 1;
        }

        impl ::planus::WriteAsPrimitive<BoundingBoxType> for BoundingBoxType {
            #[inline]
            fn write<const N: usize>(&self, cursor: ::planus::Cursor<'_, N>, buffer_position: u32) {
                (*self as i8).write(cursor, buffer_position);
            }
        }

        impl ::planus::WriteAs<BoundingBoxType> for BoundingBoxType {
            type Prepared = Self;

            #[inline]
            fn prepare(&self, _builder: &mut ::planus::Builder) -> BoundingBoxType {
                *self
            }
        }

        impl ::planus::WriteAsDefault<BoundingBoxType, BoundingBoxType> for BoundingBoxType {
            type Prepared = Self;

            #[inline]
            fn prepare(
                &self,
                _builder: &mut ::planus::Builder,
                default: &BoundingBoxType,
            ) -> ::core::option::Option<BoundingBoxType> {
                if self == default {
                    ::core::option::Option::None
                } else {
                    ::core::option::Option::Some(*self)
                }
            }
        }

        impl ::planus::WriteAsOptional<BoundingBoxType> for BoundingBoxType {
            type Prepared = Self;

            #[inline]
            fn prepare(
                &self,
                _builder: &mut ::planus::Builder,
            ) -> ::core::option::Option<BoundingBoxType> {
                ::core::option::Option::Some(*self)
            }
        }

        impl<'buf> ::planus::TableRead<'buf> for BoundingBoxType {
            #[inline]
            fn from_buffer(
                buffer: ::planus::SliceWithStartOffset<'buf>,
                offset: usize,
            ) -> ::core::result::Result<Self, ::planus::errors::ErrorKind> {
                let n: i8 = ::planus::TableRead::from_buffer(buffer, offset)?;
                ::core::result::Result::Ok(::core::convert::TryInto::try_into(n)?)
            }
        }

        impl<'buf> ::planus::VectorReadInner<'buf> for BoundingBoxType {
            type Error = ::planus::errors::UnknownEnumTag;
            const STRIDE: usize = 1;
            #[inline]
            unsafe fn from_buffer(
                buffer: ::planus::SliceWithStartOffset<'buf>,
                offset: usize,
            ) -> ::core::result::Result<Self, ::planus::errors::UnknownEnumTag> {
                let value = unsafe { *buffer.buffer.get_unchecked(offset) as i8 };
                let value: ::core::result::Result<Self, _> =
                    ::core::convert::TryInto::try_into(value);
                value.map_err(|error_kind| {
                    error_kind.with_error_location(
                        "BoundingBoxType",
                        "VectorRead::from_buffer",
                        buffer.offset_from_start,
                    )
                })
            }
        }

        /// # Safety
        /// The planus compiler generates implementations that initialize
        /// the bytes in `write_values`.
        unsafe impl ::planus::VectorWrite<BoundingBoxType> for BoundingBoxType {
            const STRIDE: usize = 1;

            type Value = Self;

            #[inline]
            fn prepare(&self, _builder: &mut ::planus::Builder) -> Self {
                *self
            }

            #[inline]
            unsafe fn write_values(
                values: &[Self],
                bytes: *mut ::core::mem::MaybeUninit<u8>,
                buffer_position: u32,
            ) {
                let bytes = bytes as *mut [::core::mem::MaybeUninit<u8>; 1];
                for (i, v) in ::core::iter::Iterator::enumerate(values.iter()) {
                    ::planus::WriteAsPrimitive::write(
                        v,
                        ::planus::Cursor::new(unsafe { &mut *bytes.add(i) }),
                        buffer_position - i as u32,
                    );
                }
            }
        }

        /// The table `AudioProperties` in the namespace `tflite`
        ///
        /// Generated from these locations:
        /// * Table `AudioProperties` in the file `metadata_schema.fbs:267`
        #[derive(
            Clone,
            Debug,
            PartialEq,
            PartialOrd,
            Eq,
            Ord,
            Hash,
            ::serde::Serialize,
            ::serde::Deserialize,
        )]
        pub struct AudioProperties {
            /// The field `sample_rate` in the table `AudioProperties`
            pub sample_rate: u32,
            /// The field `channels` in the table `AudioProperties`
            pub channels: u32,
        }

        #[allow(clippy::derivable_impls)]
        impl ::core::default::Default for AudioProperties {
            fn default() -> Self {
                Self {
                    sample_rate: 0,
                    channels: 0,
                }
            }
        }

        impl AudioProperties {
            /// Creates a [AudioPropertiesBuilder] for serializing an instance of this table.
            #[inline]
            pub fn builder() -> AudioPropertiesBuilder<()> {
                AudioPropertiesBuilder(())
            }

            #[allow(clippy::too_many_arguments)]
            pub fn create(
                builder: &mut ::planus::Builder,
                field_sample_rate: impl ::planus::WriteAsDefault<u32, u32>,
                field_channels: impl ::planus::WriteAsDefault<u32, u32>,
            ) -> ::planus::Offset<Self> {
                let prepared_sample_rate = field_sample_rate.prepare(builder, &0);
                let prepared_channels = field_channels.prepare(builder, &0);

                let mut table_writer: ::planus::table_writer::TableWriter<8> =
                    ::core::default::Default::default();
                if prepared_sample_rate.is_some() {
                    table_writer.write_entry::<u32>(0);
                }
                if prepared_channels.is_some() {
                    table_writer.write_entry::<u32>(1);
                }

                unsafe {
                    table_writer.finish(builder, |object_writer| {
                        if let ::core::option::Option::Some(prepared_sample_rate) =
                            prepared_sample_rate
                        {
                            object_writer.write::<_, _, 4>(&prepared_sample_rate);
                        }
                        if let ::core::option::Option::Some(prepared_channels) = prepared_channels {
                            object_writer.write::<_, _, 4>(&prepared_channels);
                        }
                    });
                }
                builder.current_offset()
            }
        }

        impl ::planus::WriteAs<::planus::Offset<AudioProperties>> for AudioProperties {
            type Prepared = ::planus::Offset<Self>;

            #[inline]
            fn prepare(
                &self,
                builder: &mut ::planus::Builder,
            ) -> ::planus::Offset<AudioProperties> {
                ::planus::WriteAsOffset::prepare(self, builder)
            }
        }

        impl ::planus::WriteAsOptional<::planus::Offset<AudioProperties>> for AudioProperties {
            type Prepared = ::planus::Offset<Self>;

            #[inline]
            fn prepare(
                &self,
                builder: &mut ::planus::Builder,
            ) -> ::core::option::Option<::planus::Offset<AudioProperties>> {
                ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
            }
        }

        impl ::planus::WriteAsOffset<AudioProperties> for AudioProperties {
            #[inline]
            fn prepare(
                &self,
                builder: &mut ::planus::Builder,
            ) -> ::planus::Offset<AudioProperties> {
                AudioProperties::create(builder, self.sample_rate, self.channels)
            }
        }

        /// Builder for serializing an instance of the [AudioProperties] type.
        ///
        /// Can be created using the [AudioProperties::builder] method.
        #[derive(Debug)]
        #[must_use]
        pub struct AudioPropertiesBuilder<State>(State);

        impl AudioPropertiesBuilder<()> {
            /// Setter for the [`sample_rate` field](AudioProperties#structfield.sample_rate).
            #[inline]
            #[allow(clippy::type_complexity)]
            pub fn sample_rate<T0>(self, value: T0) -> AudioPropertiesBuilder<(T0,)>
            where
                T0: ::planus::WriteAsDefault<u32, u32>,
            {
                AudioPropertiesBuilder((value,))
            }

            /// Sets the [`sample_rate` field](AudioProperties#structfield.sample_rate) to the default value.
            #[inline]
            #[allow(clippy::type_complexity)]
            pub fn sample_rate_as_default(
                self,
            ) -> AudioPropertiesBuilder<(::planus::DefaultValue,)> {
                self.sample_rate(::planus::DefaultValue)
            }
        }

        impl<T0> AudioPropertiesBuilder<(T0,)> {
            /// Setter for the [`channels` field](AudioProperties#structfield.channels).
            #[inline]
            #[allow(clippy::type_complexity)]
            pub fn channels<T1>(self, value: T1) -> AudioPropertiesBuilder<(T0, T1)>
            where
                T1: ::planus::WriteAsDefault<u32, u32>,
            {
                let (v0,) = self.0;
                AudioPropertiesBuilder((v0, value))
            }

            /// Sets the [`channels` field](AudioProperties#structfield.channels) to the default value.
            #[inline]
            #[allow(clippy::type_complexity)]
            pub fn channels_as_default(
                self,
            ) -> AudioPropertiesBuilder<(T0, ::planus::DefaultValue)> {
                self.channels(::planus::DefaultValue)
            }
        }

        impl<T0, T1> AudioPropertiesBuilder<(T0, T1)> {
            /// Finish writing the builder to get an [Offset](::planus::Offset) to a serialized [AudioProperties].
            #[inline]
            pub fn finish(
                self,
                builder: &mut ::planus::Builder,
            ) -> ::planus::Offset<AudioProperties>
            where
                Self: ::planus::WriteAsOffset<AudioProperties>,
            {
                ::planus::WriteAsOffset::prepare(&self, builder)
            }
        }

        impl<T0: ::planus::WriteAsDefault<u32, u32>, T1: ::planus::WriteAsDefault<u32, u32>>
            ::planus::WriteAs<::planus::Offset<AudioProperties>>
            for AudioPropertiesBuilder<(T0, T1)>
        {
            type Prepared = ::planus::Offset<AudioProperties>;

            #[inline]
            fn prepare(
                &self,
                builder: &mut ::planus::Builder,
            ) -> ::planus::Offset<AudioProperties> {
                ::planus::WriteAsOffset::prepare(self, builder)
            }
        }

        impl<T0: ::planus::WriteAsDefault<u32, u32>, T1: ::planus::WriteAsDefault<u32, u32>>
            ::planus::WriteAsOptional<::planus::Offset<AudioProperties>>
            for AudioPropertiesBuilder<(T0, T1)>
        {
            type Prepared = ::planus::Offset<AudioProperties>;

            #[inline]
            fn prepare(
                &self,
                builder: &mut ::planus::Builder,
            ) -> ::core::option::Option<::planus::Offset<AudioProperties>> {
                ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
            }
        }

        impl<T0: ::planus::WriteAsDefault<u32, u32>, T1: ::planus::WriteAsDefault<u32, u32>>
            ::planus::WriteAsOffset<AudioProperties> for AudioPropertiesBuilder<(T0, T1)>
        {
            #[inline]
            fn prepare(
                &self,
                builder: &mut ::planus::Builder,
            ) -> ::planus::Offset<AudioProperties> {
                let (v0, v1) = &self.0;
                AudioProperties::create(builder, v0, v1)
            }
        }

        /// Reference to a deserialized [AudioProperties].
        #[derive(Copy, Clone)]
        pub struct AudioPropertiesRef<'a>(#[allow(dead_code)] ::planus::table_reader::Table<'a>);

        impl<'a> AudioPropertiesRef<'a> {
            /// Getter for the [`sample_rate` field](AudioProperties#structfield.sample_rate).
            #[inline]
            pub fn sample_rate(&self) -> ::planus::Result<u32> {
                ::core::result::Result::Ok(
                    self.0
                        .access(0, "AudioProperties", "sample_rate")?
                        .unwrap_or(0),
                )
            }

            /// Getter for the [`channels` field](AudioProperties#structfield.channels).
            #[inline]
            pub fn channels(&self) -> ::planus::Result<u32> {
                ::core::result::Result::Ok(
                    self.0
                        .access(1, "AudioProperties", "channels")?
                        .unwrap_or(0),
                )
            }
        }

        impl<'a> ::core::fmt::Debug for AudioPropertiesRef<'a> {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                let mut f = f.debug_struct("AudioPropertiesRef");
                f.field("sample_rate", &self.sample_rate());
                f.field("channels", &self.channels());
                f.finish()
            }
        }

        impl<'a> ::core::convert::TryFrom<AudioPropertiesRef<'a>> for AudioProperties {
            type Error = ::planus::Error;

            #[allow(unreachable_code)]
            fn try_from(value: AudioPropertiesRef<'a>) -> ::planus::Result<Self> {
                ::core::result::Result::Ok(Self {
                    sample_rate: ::core::convert::TryInto::try_into(value.sample_rate()?)?,
                    channels: ::core::convert::TryInto::try_into(value.channels()?)?,
                })
            }
        }

        impl<'a> ::planus::TableRead<'a> for AudioPropertiesRef<'a> {
            #[inline]
            fn from_buffer(
                buffer: ::planus::SliceWithStartOffset<'a>,
                offset: usize,
            ) -> ::core::result::Result<Self, ::planus::errors::ErrorKind> {
                ::core::result::Result::Ok(Self(::planus::table_reader::Table::from_buffer(
                    buffer, offset,
                )?))
            }
        }

        impl<'a> ::planus::VectorReadInner<'a> for AudioPropertiesRef<'a> {
            type Error = ::planus::Error;
            const STRIDE: usize = 4;

            unsafe fn from_buffer(
                buffer: ::planus::SliceWithStartOffset<'a>,
                offset: usize,
            ) -> ::planus::Result<Self> {
                ::planus::TableRead::from_buffer(buffer, offset).map_err(|error_kind| {
                    error_kind.with_error_location(
                        "[AudioPropertiesRef]",
                        "get",
                        buffer.offset_from_start,
                    )
                })
            }
        }

        /// # Safety
        /// The planus compiler generates implementations that initialize
        /// the bytes in `write_values`.
        unsafe impl ::planus::VectorWrite<::planus::Offset<AudioProperties>> for AudioProperties {
            type Value = ::planus::Offset<AudioProperties>;
            const STRIDE: usize = 4;
            #[inline]
            fn prepare(&self, builder: &mut ::planus::Builder) -> Self::Value {
                ::planus::WriteAs::prepare(self, builder)
            }

            #[inline]
            unsafe fn write_values(
                values: &[::planus::Offset<AudioProperties>],
                bytes: *mut ::core::mem::MaybeUninit<u8>,
                buffer_position: u32,
            ) {
                let bytes = bytes as *mut [::core::mem::MaybeUninit<u8>; 4];
                for (i, v) in ::core::iter::Iterator::enumerate(values.iter()) {
                    ::planus::WriteAsPrimitive::write(
                        v,
                        ::planus::Cursor::new(unsafe { &mut *bytes.add(i) }),
                        buffer_position - (Self::STRIDE * i) as u32,
                    );
                }
            }
        }

        impl<'a> ::planus::ReadAsRoot<'a> for AudioPropertiesRef<'a> {
            fn read_as_root(slice: &'a [u8]) -> ::planus::Result<Self> {
                ::planus::TableRead::from_buffer(
                    ::planus::SliceWithStartOffset {
                        buffer: slice,
                        offset_from_start: 0,
                    },
                    0,
                )
                .map_err(|error_kind| {
                    error_kind.with_error_location("[AudioPropertiesRef]", "read_as_root", 0)
                })
            }
        }

        /// The enum `CoordinateType` in the namespace `tflite`
        ///
        /// Generated from these locations:
        /// * Enum `CoordinateType` in the file `metadata_schema.fbs:275`
        #[derive(
            Copy,
            Clone,
            Debug,
            PartialEq,
            Eq,
            PartialOrd,
            Ord,
            Hash,
            ::serde::Serialize,
            ::serde::Deserialize,
        )]
        #[repr(i8)]
        pub enum CoordinateType {
            /// The variant `RATIO` in the enum `CoordinateType`
            Ratio = 0,

            /// The variant `PIXEL` in the enum `CoordinateType`
            Pixel = 1,
        }

        impl CoordinateType {
            /// Array containing all valid variants of CoordinateType
            pub const ENUM_VALUES: [Self; 2] = [Self::Ratio, Self::Pixel];
        }

        impl ::core::convert::TryFrom<i8> for CoordinateType {
            type Error = ::planus::errors::UnknownEnumTagKind;
            #[inline]
            fn try_from(
                value: i8,
            ) -> ::core::result::Result<Self, ::planus::errors::UnknownEnumTagKind> {
                #[allow(clippy::match_single_binding)]
                match value {
                    0 => ::core::result::Result::Ok(CoordinateType::Ratio),
                    1 => ::core::result::Result::Ok(CoordinateType::Pixel),

                    _ => ::core::result::Result::Err(::planus::errors::UnknownEnumTagKind {
                        tag: value as i128,
                    }),
                }
            }
        }

        impl ::core::convert::From<CoordinateType> for i8 {
            #[inline]
            fn from(value: CoordinateType) -> Self {
                value as i8
            }
        }

        /// # Safety
        /// The Planus compiler correctly calculates `ALIGNMENT` and `SIZE`.
        unsafe impl ::planus::Primitive for CoordinateType {
            const ALIGNMENT: usize = 1;
            const SIZE: usize = 1;
        }

        impl ::planus::WriteAsPrimitive<CoordinateType> for CoordinateType {
            #[inline]
            fn write<const N: usize>(&self, cursor: ::planus::Cursor<'_, N>, buffer_position: u32) {
                (*self as i8).write(cursor, buffer_position);
            }
        }

        impl ::planus::WriteAs<CoordinateType> for CoordinateType {
            type Prepared = Self;

            #[inline]
            fn prepare(&self, _builder: &mut ::planus::Builder) -> CoordinateType {
                *self
            }
        }

        impl ::planus::WriteAsDefault<CoordinateType, CoordinateType> for CoordinateType {
            type Prepared = Self;

            #[inline]
            fn prepare(
                &self,
                _builder: &mut ::planus::Builder,
                default: &CoordinateType,
            ) -> ::core::option::Option<CoordinateType> {
                if self == default {
                    ::core::option::Option::None
                } else {
                    ::core::option::Option::Some(*self)
                }
            }
        }

        impl ::planus::WriteAsOptional<CoordinateType> for CoordinateType {
            type Prepared = Self;

            #[inline]
            fn prepare(
                &self,
                _builder: &mut ::planus::Builder,
            ) -> ::core::option::Option<CoordinateType> {
                ::core::option::Option::Some(*self)
            }
        }

        impl<'buf> ::planus::TableRead<'buf> for CoordinateType {
            #[inline]
            fn from_buffer(
                buffer: ::planus::SliceWithStartOffset<'buf>,
                offset: usize,
            ) -> ::core::result::Result<Self, ::planus::errors::ErrorKind> {
                let n: i8 = ::planus::TableRead::from_buffer(buffer, offset)?;
                ::core::result::Result::Ok(::core::convert::TryInto::try_into(n)?)
            }
        }

        impl<'buf> ::planus::VectorReadInner<'buf> for CoordinateType {
            type Error = ::planus::errors::UnknownEnumTag;
            const STRIDE: usize = 1;
            #[inline]
            unsafe fn from_buffer(
                buffer: ::planus::SliceWithStartOffset<'buf>,
                offset: usize,
            ) -> ::core::result::Result<Self, ::planus::errors::UnknownEnumTag> {
                let value = unsafe { *buffer.buffer.get_unchecked(offset) as i8 };
                let value: ::core::result::Result<Self, _> =
                    ::core::convert::TryInto::try_into(value);
                value.map_err(|error_kind| {
                    error_kind.with_error_location(
                        "CoordinateType",
                        "VectorRead::from_buffer",
                        buffer.offset_from_start,
                    )
                })
            }
        }

        /// # Safety
        /// The planus compiler generates implementations that initialize
        /// the bytes in `write_values`.
        unsafe impl ::planus::VectorWrite<CoordinateType> for CoordinateType {
            const STRIDE: usize = 1;

            type Value = Self;

            #[inline]
            fn prepare(&self, _builder: &mut ::planus::Builder) -> Self {
                *self
            }

            #[inline]
            unsafe fn write_values(
                values: &[Self],
                bytes: *mut ::core::mem::MaybeUninit<u8>,
                buffer_position: u32,
            ) {
                let bytes = bytes as *mut [::core::mem::MaybeUninit<u8>; 1];
                for (i, v) in ::core::iter::Iterator::enumerate(values.iter()) {
                    ::planus::WriteAsPrimitive::write(
                        v,
                        ::planus::Cursor::new(unsafe { &mut *bytes.add(i) }),
                        buffer_position - i as u32,
                    );
                }
            }
        }

        /// The table `BoundingBoxProperties` in the namespace `tflite`
        ///
        /// Generated from these locations:
        /// * Table `BoundingBoxProperties` in the file `metadata_schema.fbs:282`
        #[derive(
            Clone,
            Debug,
            PartialEq,
            PartialOrd,
            Eq,
            Ord,
            Hash,
            ::serde::Serialize,
            ::serde::Deserialize,
        )]
        pub struct BoundingBoxProperties {
            /// The field `index` in the table `BoundingBoxProperties`
            pub index: ::core::option::Option<::planus::alloc::vec::Vec<u32>>,
            /// The field `type` in the table `BoundingBoxProperties`
            pub type_: self::BoundingBoxType,
            /// The field `coordinate_type` in the table `BoundingBoxProperties`
            pub coordinate_type: self::CoordinateType,
        }

        #[allow(clippy::derivable_impls)]
        impl ::core::default::Default for BoundingBoxProperties {
            fn default() -> Self {
                Self {
                    index: ::core::default::Default::default(),
                    type_: self::BoundingBoxType::Unknown,
                    coordinate_type: self::CoordinateType::Ratio,
                }
            }
        }

        impl BoundingBoxProperties {
            /// Creates a [BoundingBoxPropertiesBuilder] for serializing an instance of this table.
            #[inline]
            pub fn builder() -> BoundingBoxPropertiesBuilder<()> {
                BoundingBoxPropertiesBuilder(())
            }

            #[allow(clippy::too_many_arguments)]
            pub fn create(
                builder: &mut ::planus::Builder,
                field_index: impl ::planus::WriteAsOptional<::planus::Offset<[u32]>>,
                field_type_: impl ::planus::WriteAsDefault<self::BoundingBoxType, self::BoundingBoxType>,
                field_coordinate_type: impl ::planus::WriteAsDefault<
                    self::CoordinateType,
                    self::CoordinateType,
                >,
            ) -> ::planus::Offset<Self> {
                let prepared_index = field_index.prepare(builder);
                let prepared_type_ = field_type_.prepare(builder, &self::BoundingBoxType::Unknown);
                let prepared_coordinate_type =
                    field_coordinate_type.prepare(builder, &self::CoordinateType::Ratio);

                let mut table_writer: ::planus::table_writer::TableWriter<10> =
                    ::core::default::Default::default();
                if prepared_index.is_some() {
                    table_writer.write_entry::<::planus::Offset<[u32]>>(0);
                }
                if prepared_type_.is_some() {
                    table_writer.write_entry::<self::BoundingBoxType>(1);
                }
                if prepared_coordinate_type.is_some() {
                    table_writer.write_entry::<self::CoordinateType>(2);
                }

                unsafe {
                    table_writer.finish(builder, |object_writer| {
                        if let ::core::option::Option::Some(prepared_index) = prepared_index {
                            object_writer.write::<_, _, 4>(&prepared_index);
                        }
                        if let ::core::option::Option::Some(prepared_type_) = prepared_type_ {
                            object_writer.write::<_, _, 1>(&prepared_type_);
                        }
                        if let ::core::option::Option::Some(prepared_coordinate_type) =
                            prepared_coordinate_type
                        {
                            object_writer.write::<_, _, 1>(&prepared_coordinate_type);
                        }
                    });
                }
                builder.current_offset()
            }
        }

        impl ::planus::WriteAs<::planus::Offset<BoundingBoxProperties>> for BoundingBoxProperties {
            type Prepared = ::planus::Offset<Self>;

            #[inline]
            fn prepare(
                &self,
                builder: &mut ::planus::Builder,
            ) -> ::planus::Offset<BoundingBoxProperties> {
                ::planus::WriteAsOffset::prepare(self, builder)
            }
        }

        impl ::planus::WriteAsOptional<::planus::Offset<BoundingBoxProperties>> for BoundingBoxProperties {
            type Prepared = ::planus::Offset<Self>;

            #[inline]
            fn prepare(
                &self,
                builder: &mut ::planus::Builder,
            ) -> ::core::option::Option<::planus::Offset<BoundingBoxProperties>> {
                ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
            }
        }

        impl ::planus::WriteAsOffset<BoundingBoxProperties> for BoundingBoxProperties {
            #[inline]
            fn prepare(
                &self,
                builder: &mut ::planus::Builder,
            ) -> ::planus::Offset<BoundingBoxProperties> {
                BoundingBoxProperties::create(
                    builder,
                    &self.index,
                    self.type_,
                    self.coordinate_type,
                )
            }
        }

        /// Builder for serializing an instance of the [BoundingBoxProperties] type.
        ///
        /// Can be created using the [BoundingBoxProperties::builder] method.
        #[derive(Debug)]
        #[must_use]
        pub struct BoundingBoxPropertiesBuilder<State>(State);

        impl BoundingBoxPropertiesBuilder<()> {
            /// Setter for the [`index` field](BoundingBoxProperties#structfield.index).
            #[inline]
            #[allow(clippy::type_complexity)]
            pub fn index<T0>(self, value: T0) -> BoundingBoxPropertiesBuilder<(T0,)>
            where
                T0: ::planus::WriteAsOptional<::planus::Offset<[u32]>>,
            {
                BoundingBoxPropertiesBuilder((value,))
            }

            /// Sets the [`index` field](BoundingBoxProperties#structfield.index) to null.
            #[inline]
            #[allow(clippy::type_complexity)]
            pub fn index_as_null(self) -> BoundingBoxPropertiesBuilder<((),)> {
                self.index(())
            }
        }

        impl<T0> BoundingBoxPropertiesBuilder<(T0,)> {
            /// Setter for the [`type` field](BoundingBoxProperties#structfield.type_).
            #[inline]
            #[allow(clippy::type_complexity)]
            pub fn type_<T1>(self, value: T1) -> BoundingBoxPropertiesBuilder<(T0, T1)>
            where
                T1: ::planus::WriteAsDefault<self::BoundingBoxType, self::BoundingBoxType>,
            {
                let (v0,) = self.0;
                BoundingBoxPropertiesBuilder((v0, value))
            }

            /// Sets the [`type` field](BoundingBoxProperties#structfield.type_) to the default value.
            #[inline]
            #[allow(clippy::type_complexity)]
            pub fn type_as_default(
                self,
            ) -> BoundingBoxPropertiesBuilder<(T0, ::planus::DefaultValue)> {
                self.type_(::planus::DefaultValue)
            }
        }

        impl<T0, T1> BoundingBoxPropertiesBuilder<(T0, T1)> {
            /// Setter for the [`coordinate_type` field](BoundingBoxProperties#structfield.coordinate_type).
            #[inline]
            #[allow(clippy::type_complexity)]
            pub fn coordinate_type<T2>(
                self,
                value: T2,
            ) -> BoundingBoxPropertiesBuilder<(T0, T1, T2)>
            where
                T2: ::planus::WriteAsDefault<self::CoordinateType, self::CoordinateType>,
            {
                let (v0, v1) = self.0;
                BoundingBoxPropertiesBuilder((v0, v1, value))
            }

            /// Sets the [`coordinate_type` field](BoundingBoxProperties#structfield.coordinate_type) to the default value.
            #[inline]
            #[allow(clippy::type_complexity)]
            pub fn coordinate_type_as_default(
                self,
            ) -> BoundingBoxPropertiesBuilder<(T0, T1, ::planus::DefaultValue)> {
                self.coordinate_type(::planus::DefaultValue)
            }
        }

        impl<T0, T1, T2> BoundingBoxPropertiesBuilder<(T0, T1, T2)> {
            /// Finish writing the builder to get an [Offset](::planus::Offset) to a serialized [BoundingBoxProperties].
            #[inline]
            pub fn finish(
                self,
                builder: &mut ::planus::Builder,
            ) -> ::planus::Offset<BoundingBoxProperties>
            where
                Self: ::planus::WriteAsOffset<BoundingBoxProperties>,
            {
                ::planus::WriteAsOffset::prepare(&self, builder)
            }
        }

        impl<
                T0: ::planus::WriteAsOptional<::planus::Offset<[u32]>>,
                T1: ::planus::WriteAsDefault<self::BoundingBoxType, self::BoundingBoxType>,
                T2: ::planus::WriteAsDefault<self::CoordinateType, self::CoordinateType>,
            > ::planus::WriteAs<::planus::Offset<BoundingBoxProperties>>
            for BoundingBoxPropertiesBuilder<(T0, T1, T2)>
        {
            type Prepared = ::planus::Offset<BoundingBoxProperties>;

            #[inline]
            fn prepare(
                &self,
                builder: &mut ::planus::Builder,
            ) -> ::planus::Offset<BoundingBoxProperties> {
                ::planus::WriteAsOffset::prepare(self, builder)
            }
        }

        impl<
                T0: ::planus::WriteAsOptional<::planus::Offset<[u32]>>,
                T1: ::planus::WriteAsDefault<self::BoundingBoxType, self::BoundingBoxType>,
                T2: ::planus::WriteAsDefault<self::CoordinateType, self::CoordinateType>,
            > ::planus::WriteAsOptional<::planus::Offset<BoundingBoxProperties>>
            for BoundingBoxPropertiesBuilder<(T0, T1, T2)>
        {
            type Prepared = ::planus::Offset<BoundingBoxProperties>;

            #[inline]
            fn prepare(
                &self,
                builder: &mut ::planus::Builder,
            ) -> ::core::option::Option<::planus::Offset<BoundingBoxProperties>> {
                ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
            }
        }

        impl<
                T0: ::planus::WriteAsOptional<::planus::Offset<[u32]>>,
                T1: ::planus::WriteAsDefault<self::BoundingBoxType, self::BoundingBoxType>,
                T2: ::planus::WriteAsDefault<self::CoordinateType, self::CoordinateType>,
            > ::planus::WriteAsOffset<BoundingBoxProperties>
            for BoundingBoxPropertiesBuilder<(T0, T1, T2)>
        {
            #[inline]
            fn prepare(
                &self,
                builder: &mut ::planus::Builder,
            ) -> ::planus::Offset<BoundingBoxProperties> {
                let (v0, v1, v2) = &self.0;
                BoundingBoxProperties::create(builder, v0, v1, v2)
            }
        }

        /// Reference to a deserialized [BoundingBoxProperties].
        #[derive(Copy, Clone)]
        pub struct BoundingBoxPropertiesRef<'a>(
            #[allow(dead_code)] ::planus::table_reader::Table<'a>,
        );

        impl<'a> BoundingBoxPropertiesRef<'a> {
            /// Getter for the [`index` field](BoundingBoxProperties#structfield.index).
            #[inline]
            pub fn index(
                &self,
            ) -> ::planus::Result<::core::option::Option<::planus::Vector<'a, u32>>> {
                self.0.access(0, "BoundingBoxProperties", "index")
            }

            /// Getter for the [`type` field](BoundingBoxProperties#structfield.type_).
            #[inline]
            pub fn type_(&self) -> ::planus::Result<self::BoundingBoxType> {
                ::core::result::Result::Ok(
                    self.0
                        .access(1, "BoundingBoxProperties", "type_")?
                        .unwrap_or(self::BoundingBoxType::Unknown),
                )
            }

            /// Getter for the [`coordinate_type` field](BoundingBoxProperties#structfield.coordinate_type).
            #[inline]
            pub fn coordinate_type(&self) -> ::planus::Result<self::CoordinateType> {
                ::core::result::Result::Ok(
                    self.0
                        .access(2, "BoundingBoxProperties", "coordinate_type")?
                        .unwrap_or(self::CoordinateType::Ratio),
                )
            }
        }

        impl<'a> ::core::fmt::Debug for BoundingBoxPropertiesRef<'a> {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                let mut f = f.debug_struct("BoundingBoxPropertiesRef");
                if let ::core::option::Option::Some(field_index) = self.index().transpose() {
                    f.field("index", &field_index);
                }
                f.field("type_", &self.type_());
                f.field("coordinate_type", &self.coordinate_type());
                f.finish()
            }
        }

        impl<'a> ::core::convert::TryFrom<BoundingBoxPropertiesRef<'a>> for BoundingBoxProperties {
            type Error = ::planus::Error;

            #[allow(unreachable_code)]
            fn try_from(value: BoundingBoxPropertiesRef<'a>) -> ::planus::Result<Self> {
                ::core::result::Result::Ok(Self {
                    index: if let ::core::option::Option::Some(index) = value.index()? {
                        ::core::option::Option::Some(index.to_vec()?)
                    } else {
                        ::core::option::Option::None
                    },
                    type_: ::core::convert::TryInto::try_into(value.type_()?)?,
                    coordinate_type: ::core::convert::TryInto::try_into(value.coordinate_type()?)?,
                })
            }
        }

        impl<'a> ::planus::TableRead<'a> for BoundingBoxPropertiesRef<'a> {
            #[inline]
            fn from_buffer(
                buffer: ::planus::SliceWithStartOffset<'a>,
                offset: usize,
            ) -> ::core::result::Result<Self, ::planus::errors::ErrorKind> {
                ::core::result::Result::Ok(Self(::planus::table_reader::Table::from_buffer(
                    buffer, offset,
                )?))
            }
        }

        impl<'a> ::planus::VectorReadInner<'a> for BoundingBoxPropertiesRef<'a> {
            type Error = ::planus::Error;
            const STRIDE: usize = 4;

            unsafe fn from_buffer(
                buffer: ::planus::SliceWithStartOffset<'a>,
                offset: usize,
            ) -> ::planus::Result<Self> {
                ::planus::TableRead::from_buffer(buffer, offset).map_err(|error_kind| {
                    error_kind.with_error_location(
                        "[BoundingBoxPropertiesRef]",
                        "get",
                        buffer.offset_from_start,
                    )
                })
            }
        }

        /// # Safety
        /// The planus compiler generates implementations that initialize
        /// the bytes in `write_values`.
        unsafe impl ::planus::VectorWrite<::planus::Offset<BoundingBoxProperties>>
            for BoundingBoxProperties
        {
            type Value = ::planus::Offset<BoundingBoxProperties>;
            const STRIDE: usize = 4;
            #[inline]
            fn prepare(&self, builder: &mut ::planus::Builder) -> Self::Value {
                ::planus::WriteAs::prepare(self, builder)
            }

            #[inline]
            unsafe fn write_values(
                values: &[::planus::Offset<BoundingBoxProperties>],
                bytes: *mut ::core::mem::MaybeUninit<u8>,
                buffer_position: u32,
            ) {
                let bytes = bytes as *mut [::core::mem::MaybeUninit<u8>; 4];
                for (i, v) in ::core::iter::Iterator::enumerate(values.iter()) {
                    ::planus::WriteAsPrimitive::write(
                        v,
                        ::planus::Cursor::new(unsafe { &mut *bytes.add(i) }),
                        buffer_position - (Self::STRIDE * i) as u32,
                    );
                }
            }
        }

        impl<'a> ::planus::ReadAsRoot<'a> for BoundingBoxPropertiesRef<'a> {
            fn read_as_root(slice: &'a [u8]) -> ::planus::Result<Self> {
                ::planus::TableRead::from_buffer(
                    ::planus::SliceWithStartOffset {
                        buffer: slice,
                        offset_from_start: 0,
                    },
                    0,
                )
                .map_err(|error_kind| {
                    error_kind.with_error_location("[BoundingBoxPropertiesRef]", "read_as_root", 0)
                })
            }
        }

        /// The union `ContentProperties` in the namespace `tflite`
        ///
        /// Generated from these locations:
        /// * Union `ContentProperties` in the file `metadata_schema.fbs:306`
        #[derive(
            Clone,
            Debug,
            PartialEq,
            PartialOrd,
            Eq,
            Ord,
            Hash,
            ::serde::Serialize,
            ::serde::Deserialize,
        )]
        pub enum ContentProperties {
            /// The variant of type `FeatureProperties` in the union `ContentProperties`
            FeatureProperties(::planus::alloc::boxed::Box<self::FeatureProperties>),

            /// The variant of type `ImageProperties` in the union `ContentProperties`
            ImageProperties(::planus::alloc::boxed::Box<self::ImageProperties>),

            /// The variant of type `BoundingBoxProperties` in the union `ContentProperties`
            BoundingBoxProperties(::planus::alloc::boxed::Box<self::BoundingBoxProperties>),

            /// The variant of type `AudioProperties` in the union `ContentProperties`
            AudioProperties(::planus::alloc::boxed::Box<self::AudioProperties>),
        }

        impl ContentProperties {
            /// Creates a [ContentPropertiesBuilder] for serializing an instance of this table.
            #[inline]
            pub fn builder() -> ContentPropertiesBuilder<::planus::Uninitialized> {
                ContentPropertiesBuilder(::planus::Uninitialized)
            }

            #[inline]
            pub fn create_feature_properties(
                builder: &mut ::planus::Builder,
                value: impl ::planus::WriteAsOffset<self::FeatureProperties>,
            ) -> ::planus::UnionOffset<Self> {
                ::planus::UnionOffset::new(1, value.prepare(builder).downcast())
            }

            #[inline]
            pub fn create_image_properties(
                builder: &mut ::planus::Builder,
                value: impl ::planus::WriteAsOffset<self::ImageProperties>,
            ) -> ::planus::UnionOffset<Self> {
                ::planus::UnionOffset::new(2, value.prepare(builder).downcast())
            }

            #[inline]
            pub fn create_bounding_box_properties(
                builder: &mut ::planus::Builder,
                value: impl ::planus::WriteAsOffset<self::BoundingBoxProperties>,
            ) -> ::planus::UnionOffset<Self> {
                ::planus::UnionOffset::new(3, value.prepare(builder).downcast())
            }

            #[inline]
            pub fn create_audio_properties(
                builder: &mut ::planus::Builder,
                value: impl ::planus::WriteAsOffset<self::AudioProperties>,
            ) -> ::planus::UnionOffset<Self> {
                ::planus::UnionOffset::new(4, value.prepare(builder).downcast())
            }
        }

        impl ::planus::WriteAsUnion<ContentProperties> for ContentProperties {
            #[inline]
            fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::UnionOffset<Self> {
                match self {
                    Self::FeatureProperties(value) => {
                        Self::create_feature_properties(builder, value)
                    }
                    Self::ImageProperties(value) => Self::create_image_properties(builder, value),
                    Self::BoundingBoxProperties(value) => {
                        Self::create_bounding_box_properties(builder, value)
                    }
                    Self::AudioProperties(value) => Self::create_audio_properties(builder, value),
                }
            }
        }

        impl ::planus::WriteAsOptionalUnion<ContentProperties> for ContentProperties {
            #[inline]
            fn prepare(
                &self,
                builder: &mut ::planus::Builder,
            ) -> ::core::option::Option<::planus::UnionOffset<Self>> {
                ::core::option::Option::Some(::planus::WriteAsUnion::prepare(self, builder))
            }
        }

        /// Builder for serializing an instance of the [ContentProperties] type.
        ///
        /// Can be created using the [ContentProperties::builder] method.
        #[derive(Debug)]
        #[must_use]
        pub struct ContentPropertiesBuilder<T>(T);

        impl ContentPropertiesBuilder<::planus::Uninitialized> {
            /// Creates an instance of the [`FeatureProperties` variant](ContentProperties#variant.FeatureProperties).
            #[inline]
            pub fn feature_properties<T>(
                self,
                value: T,
            ) -> ContentPropertiesBuilder<::planus::Initialized<1, T>>
            where
                T: ::planus::WriteAsOffset<self::FeatureProperties>,
            {
                ContentPropertiesBuilder(::planus::Initialized(value))
            }

            /// Creates an instance of the [`ImageProperties` variant](ContentProperties#variant.ImageProperties).
            #[inline]
            pub fn image_properties<T>(
                self,
                value: T,
            ) -> ContentPropertiesBuilder<::planus::Initialized<2, T>>
            where
                T: ::planus::WriteAsOffset<self::ImageProperties>,
            {
                ContentPropertiesBuilder(::planus::Initialized(value))
            }

            /// Creates an instance of the [`BoundingBoxProperties` variant](ContentProperties#variant.BoundingBoxProperties).
            #[inline]
            pub fn bounding_box_properties<T>(
                self,
                value: T,
            ) -> ContentPropertiesBuilder<::planus::Initialized<3, T>>
            where
                T: ::planus::WriteAsOffset<self::BoundingBoxProperties>,
            {
                ContentPropertiesBuilder(::planus::Initialized(value))
            }

            /// Creates an instance of the [`AudioProperties` variant](ContentProperties#variant.AudioProperties).
            #[inline]
            pub fn audio_properties<T>(
                self,
                value: T,
            ) -> ContentPropertiesBuilder<::planus::Initialized<4, T>>
            where
                T: ::planus::WriteAsOffset<self::AudioProperties>,
            {
                ContentPropertiesBuilder(::planus::Initialized(value))
            }
        }

        impl<const N: u8, T> ContentPropertiesBuilder<::planus::Initialized<N, T>> {
            /// Finish writing the builder to get an [UnionOffset](::planus::UnionOffset) to a serialized [ContentProperties].
            #[inline]
            pub fn finish(
                self,
                builder: &mut ::planus::Builder,
            ) -> ::planus::UnionOffset<ContentProperties>
            where
                Self: ::planus::WriteAsUnion<ContentProperties>,
            {
                ::planus::WriteAsUnion::prepare(&self, builder)
            }
        }

        impl<T> ::planus::WriteAsUnion<ContentProperties>
            for ContentPropertiesBuilder<::planus::Initialized<1, T>>
        where
            T: ::planus::WriteAsOffset<self::FeatureProperties>,
        {
            #[inline]
            fn prepare(
                &self,
                builder: &mut ::planus::Builder,
            ) -> ::planus::UnionOffset<ContentProperties> {
                ::planus::UnionOffset::new(1, (self.0).0.prepare(builder).downcast())
            }
        }

        impl<T> ::planus::WriteAsOptionalUnion<ContentProperties>
            for ContentPropertiesBuilder<::planus::Initialized<1, T>>
        where
            T: ::planus::WriteAsOffset<self::FeatureProperties>,
        {
            #[inline]
            fn prepare(
                &self,
                builder: &mut ::planus::Builder,
            ) -> ::core::option::Option<::planus::UnionOffset<ContentProperties>> {
                ::core::option::Option::Some(::planus::WriteAsUnion::prepare(self, builder))
            }
        }
        impl<T> ::planus::WriteAsUnion<ContentProperties>
            for ContentPropertiesBuilder<::planus::Initialized<2, T>>
        where
            T: ::planus::WriteAsOffset<self::ImageProperties>,
        {
            #[inline]
            fn prepare(
                &self,
                builder: &mut ::planus::Builder,
            ) -> ::planus::UnionOffset<ContentProperties> {
                ::planus::UnionOffset::new(2, (self.0).0.prepare(builder).downcast())
            }
        }

        impl<T> ::planus::WriteAsOptionalUnion<ContentProperties>
            for ContentPropertiesBuilder<::planus::Initialized<2, T>>
        where
            T: ::planus::WriteAsOffset<self::ImageProperties>,
        {
            #[inline]
            fn prepare(
                &self,
                builder: &mut ::planus::Builder,
            ) -> ::core::option::Option<::planus::UnionOffset<ContentProperties>> {
                ::core::option::Option::Some(::planus::WriteAsUnion::prepare(self, builder))
            }
        }
        impl<T> ::planus::WriteAsUnion<ContentProperties>
            for ContentPropertiesBuilder<::planus::Initialized<3, T>>
        where
            T: ::planus::WriteAsOffset<self::BoundingBoxProperties>,
        {
            #[inline]
            fn prepare(
                &self,
                builder: &mut ::planus::Builder,
            ) -> ::planus::UnionOffset<ContentProperties> {
                ::planus::UnionOffset::new(3, (self.0).0.prepare(builder).downcast())
            }
        }

        impl<T> ::planus::WriteAsOptionalUnion<ContentProperties>
            for ContentPropertiesBuilder<::planus::Initialized<3, T>>
        where
            T: ::planus::WriteAsOffset<self::BoundingBoxProperties>,
        {
            #[inline]
            fn prepare(
                &self,
                builder: &mut ::planus::Builder,
            ) -> ::core::option::Option<::planus::UnionOffset<ContentProperties>> {
                ::core::option::Option::Some(::planus::WriteAsUnion::prepare(self, builder))
            }
        }
        impl<T> ::planus::WriteAsUnion<ContentProperties>
            for ContentPropertiesBuilder<::planus::Initialized<4, T>>
        where
            T: ::planus::WriteAsOffset<self::AudioProperties>,
        {
            #[inline]
            fn prepare(
                &self,
                builder: &mut ::planus::Builder,
            ) -> ::planus::UnionOffset<ContentProperties> {
                ::planus::UnionOffset::new(4, (self.0).0.prepare(builder).downcast())
            }
        }

        impl<T> ::planus::WriteAsOptionalUnion<ContentProperties>
            for ContentPropertiesBuilder<::planus::Initialized<4, T>>
        where
            T: ::planus::WriteAsOffset<self::AudioProperties>,
        {
            #[inline]
            fn prepare(
                &self,
                builder: &mut ::planus::Builder,
            ) -> ::core::option::Option<::planus::UnionOffset<ContentProperties>> {
                ::core::option::Option::Some(::planus::WriteAsUnion::prepare(self, builder))
            }
        }

        /// Reference to a deserialized [ContentProperties].
        #[derive(Copy, Clone, Debug)]
        pub enum ContentPropertiesRef<'a> {
            FeatureProperties(self::FeaturePropertiesRef<'a>),
            ImageProperties(self::ImagePropertiesRef<'a>),
            BoundingBoxProperties(self::BoundingBoxPropertiesRef<'a>),
            AudioProperties(self::AudioPropertiesRef<'a>),
        }

        impl<'a> ::core::convert::TryFrom<ContentPropertiesRef<'a>> for ContentProperties {
            type Error = ::planus::Error;

            fn try_from(value: ContentPropertiesRef<'a>) -> ::planus::Result<Self> {
                ::core::result::Result::Ok(match value {
                    ContentPropertiesRef::FeatureProperties(value) => {
                        Self::FeatureProperties(::planus::alloc::boxed::Box::new(
                            ::core::convert::TryFrom::try_from(value)?,
                        ))
                    }

                    ContentPropertiesRef::ImageProperties(value) => {
                        Self::ImageProperties(::planus::alloc::boxed::Box::new(
                            ::core::convert::TryFrom::try_from(value)?,
                        ))
                    }

                    ContentPropertiesRef::BoundingBoxProperties(value) => {
                        Self::BoundingBoxProperties(::planus::alloc::boxed::Box::new(
                            ::core::convert::TryFrom::try_from(value)?,
                        ))
                    }

                    ContentPropertiesRef::AudioProperties(value) => {
                        Self::AudioProperties(::planus::alloc::boxed::Box::new(
                            ::core::convert::TryFrom::try_from(value)?,
                        ))
                    }
                })
            }
        }

        impl<'a> ::planus::TableReadUnion<'a> for ContentPropertiesRef<'a> {
            fn from_buffer(
                buffer: ::planus::SliceWithStartOffset<'a>,
                tag: u8,
                field_offset: usize,
            ) -> ::core::result::Result<Self, ::planus::errors::ErrorKind> {
                match tag {
                    1 => ::core::result::Result::Ok(Self::FeatureProperties(
                        ::planus::TableRead::from_buffer(buffer, field_offset)?,
                    )),
                    2 => ::core::result::Result::Ok(Self::ImageProperties(
                        ::planus::TableRead::from_buffer(buffer, field_offset)?,
                    )),
                    3 => ::core::result::Result::Ok(Self::BoundingBoxProperties(
                        ::planus::TableRead::from_buffer(buffer, field_offset)?,
                    )),
                    4 => ::core::result::Result::Ok(Self::AudioProperties(
                        ::planus::TableRead::from_buffer(buffer, field_offset)?,
                    )),
                    _ => {
                        ::core::result::Result::Err(::planus::errors::ErrorKind::UnknownUnionTag {
                            tag,
                        })
                    }
                }
            }
        }

        impl<'a> ::planus::VectorReadUnion<'a> for ContentPropertiesRef<'a> {
            const VECTOR_NAME: &'static str = "[ContentPropertiesRef]";
        }

        /// The table `ValueRange` in the namespace `tflite`
        ///
        /// Generated from these locations:
        /// * Table `ValueRange` in the file `metadata_schema.fbs:314`
        #[derive(
            Clone,
            Debug,
            PartialEq,
            PartialOrd,
            Eq,
            Ord,
            Hash,
            ::serde::Serialize,
            ::serde::Deserialize,
        )]
        pub struct ValueRange {
            /// The field `min` in the table `ValueRange`
            pub min: i32,
            /// The field `max` in the table `ValueRange`
            pub max: i32,
        }

        #[allow(clippy::derivable_impls)]
        impl ::core::default::Default for ValueRange {
            fn default() -> Self {
                Self { min: 0, max: 0 }
            }
        }

        impl ValueRange {
            /// Creates a [ValueRangeBuilder] for serializing an instance of this table.
            #[inline]
            pub fn builder() -> ValueRangeBuilder<()> {
                ValueRangeBuilder(())
            }

            #[allow(clippy::too_many_arguments)]
            pub fn create(
                builder: &mut ::planus::Builder,
                field_min: impl ::planus::WriteAsDefault<i32, i32>,
                field_max: impl ::planus::WriteAsDefault<i32, i32>,
            ) -> ::planus::Offset<Self> {
                let prepared_min = field_min.prepare(builder, &0);
                let prepared_max = field_max.prepare(builder, &0);

                let mut table_writer: ::planus::table_writer::TableWriter<8> =
                    ::core::default::Default::default();
                if prepared_min.is_some() {
                    table_writer.write_entry::<i32>(0);
                }
                if prepared_max.is_some() {
                    table_writer.write_entry::<i32>(1);
                }

                unsafe {
                    table_writer.finish(builder, |object_writer| {
                        if let ::core::option::Option::Some(prepared_min) = prepared_min {
                            object_writer.write::<_, _, 4>(&prepared_min);
                        }
                        if let ::core::option::Option::Some(prepared_max) = prepared_max {
                            object_writer.write::<_, _, 4>(&prepared_max);
                        }
                    });
                }
                builder.current_offset()
            }
        }

        impl ::planus::WriteAs<::planus::Offset<ValueRange>> for ValueRange {
            type Prepared = ::planus::Offset<Self>;

            #[inline]
            fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<ValueRange> {
                ::planus::WriteAsOffset::prepare(self, builder)
            }
        }

        impl ::planus::WriteAsOptional<::planus::Offset<ValueRange>> for ValueRange {
            type Prepared = ::planus::Offset<Self>;

            #[inline]
            fn prepare(
                &self,
                builder: &mut ::planus::Builder,
            ) -> ::core::option::Option<::planus::Offset<ValueRange>> {
                ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
            }
        }

        impl ::planus::WriteAsOffset<ValueRange> for ValueRange {
            #[inline]
            fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<ValueRange> {
                ValueRange::create(builder, self.min, self.max)
            }
        }

        /// Builder for serializing an instance of the [ValueRange] type.
        ///
        /// Can be created using the [ValueRange::builder] method.
        #[derive(Debug)]
        #[must_use]
        pub struct ValueRangeBuilder<State>(State);

        impl ValueRangeBuilder<()> {
            /// Setter for the [`min` field](ValueRange#structfield.min).
            #[inline]
            #[allow(clippy::type_complexity)]
            pub fn min<T0>(self, value: T0) -> ValueRangeBuilder<(T0,)>
            where
                T0: ::planus::WriteAsDefault<i32, i32>,
            {
                ValueRangeBuilder((value,))
            }

            /// Sets the [`min` field](ValueRange#structfield.min) to the default value.
            #[inline]
            #[allow(clippy::type_complexity)]
            pub fn min_as_default(self) -> ValueRangeBuilder<(::planus::DefaultValue,)> {
                self.min(::planus::DefaultValue)
            }
        }

        impl<T0> ValueRangeBuilder<(T0,)> {
            /// Setter for the [`max` field](ValueRange#structfield.max).
            #[inline]
            #[allow(clippy::type_complexity)]
            pub fn max<T1>(self, value: T1) -> ValueRangeBuilder<(T0, T1)>
            where
                T1: ::planus::WriteAsDefault<i32, i32>,
            {
                let (v0,) = self.0;
                ValueRangeBuilder((v0, value))
            }

            /// Sets the [`max` field](ValueRange#structfield.max) to the default value.
            #[inline]
            #[allow(clippy::type_complexity)]
            pub fn max_as_default(self) -> ValueRangeBuilder<(T0, ::planus::DefaultValue)> {
                self.max(::planus::DefaultValue)
            }
        }

        impl<T0, T1> ValueRangeBuilder<(T0, T1)> {
            /// Finish writing the builder to get an [Offset](::planus::Offset) to a serialized [ValueRange].
            #[inline]
            pub fn finish(self, builder: &mut ::planus::Builder) -> ::planus::Offset<ValueRange>
            where
                Self: ::planus::WriteAsOffset<ValueRange>,
            {
                ::planus::WriteAsOffset::prepare(&self, builder)
            }
        }

        impl<T0: ::planus::WriteAsDefault<i32, i32>, T1: ::planus::WriteAsDefault<i32, i32>>
            ::planus::WriteAs<::planus::Offset<ValueRange>> for ValueRangeBuilder<(T0, T1)>
        {
            type Prepared = ::planus::Offset<ValueRange>;

            #[inline]
            fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<ValueRange> {
                ::planus::WriteAsOffset::prepare(self, builder)
            }
        }

        impl<T0: ::planus::WriteAsDefault<i32, i32>, T1: ::planus::WriteAsDefault<i32, i32>>
            ::planus::WriteAsOptional<::planus::Offset<ValueRange>>
            for ValueRangeBuilder<(T0, T1)>
        {
            type Prepared = ::planus::Offset<ValueRange>;

            #[inline]
            fn prepare(
                &self,
                builder: &mut ::planus::Builder,
            ) -> ::core::option::Option<::planus::Offset<ValueRange>> {
                ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
            }
        }

        impl<T0: ::planus::WriteAsDefault<i32, i32>, T1: ::planus::WriteAsDefault<i32, i32>>
            ::planus::WriteAsOffset<ValueRange> for ValueRangeBuilder<(T0, T1)>
        {
            #[inline]
            fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<ValueRange> {
                let (v0, v1) = &self.0;
                ValueRange::create(builder, v0, v1)
            }
        }

        /// Reference to a deserialized [ValueRange].
        #[derive(Copy, Clone)]
        pub struct ValueRangeRef<'a>(#[allow(dead_code)] ::planus::table_reader::Table<'a>);

        impl<'a> ValueRangeRef<'a> {
            /// Getter for the [`min` field](ValueRange#structfield.min).
            #[inline]
            pub fn min(&self) -> ::planus::Result<i32> {
                ::core::result::Result::Ok(self.0.access(0, "ValueRange", "min")?.unwrap_or(0))
            }

            /// Getter for the [`max` field](ValueRange#structfield.max).
            #[inline]
            pub fn max(&self) -> ::planus::Result<i32> {
                ::core::result::Result::Ok(self.0.access(1, "ValueRange", "max")?.unwrap_or(0))
            }
        }

        impl<'a> ::core::fmt::Debug for ValueRangeRef<'a> {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                let mut f = f.debug_struct("ValueRangeRef");
                f.field("min", &self.min());
                f.field("max", &self.max());
                f.finish()
            }
        }

        impl<'a> ::core::convert::TryFrom<ValueRangeRef<'a>> for ValueRange {
            type Error = ::planus::Error;

            #[allow(unreachable_code)]
            fn try_from(value: ValueRangeRef<'a>) -> ::planus::Result<Self> {
                ::core::result::Result::Ok(Self {
                    min: ::core::convert::TryInto::try_into(value.min()?)?,
                    max: ::core::convert::TryInto::try_into(value.max()?)?,
                })
            }
        }

        impl<'a> ::planus::TableRead<'a> for ValueRangeRef<'a> {
            #[inline]
            fn from_buffer(
                buffer: ::planus::SliceWithStartOffset<'a>,
                offset: usize,
            ) -> ::core::result::Result<Self, ::planus::errors::ErrorKind> {
                ::core::result::Result::Ok(Self(::planus::table_reader::Table::from_buffer(
                    buffer, offset,
                )?))
            }
        }

        impl<'a> ::planus::VectorReadInner<'a> for ValueRangeRef<'a> {
            type Error = ::planus::Error;
            const STRIDE: usize = 4;

            unsafe fn from_buffer(
                buffer: ::planus::SliceWithStartOffset<'a>,
                offset: usize,
            ) -> ::planus::Result<Self> {
                ::planus::TableRead::from_buffer(buffer, offset).map_err(|error_kind| {
                    error_kind.with_error_location(
                        "[ValueRangeRef]",
                        "get",
                        buffer.offset_from_start,
                    )
                })
            }
        }

        /// # Safety
        /// The planus compiler generates implementations that initialize
        /// the bytes in `write_values`.
        unsafe impl ::planus::VectorWrite<::planus::Offset<ValueRange>> for ValueRange {
            type Value = ::planus::Offset<ValueRange>;
            const STRIDE: usize = 4;
            #[inline]
            fn prepare(&self, builder: &mut ::planus::Builder) -> Self::Value {
                ::planus::WriteAs::prepare(self, builder)
            }

            #[inline]
            unsafe fn write_values(
                values: &[::planus::Offset<ValueRange>],
                bytes: *mut ::core::mem::MaybeUninit<u8>,
                buffer_position: u32,
            ) {
                let bytes = bytes as *mut [::core::mem::MaybeUninit<u8>; 4];
                for (i, v) in ::core::iter::Iterator::enumerate(values.iter()) {
                    ::planus::WriteAsPrimitive::write(
                        v,
                        ::planus::Cursor::new(unsafe { &mut *bytes.add(i) }),
                        buffer_position - (Self::STRIDE * i) as u32,
                    );
                }
            }
        }

        impl<'a> ::planus::ReadAsRoot<'a> for ValueRangeRef<'a> {
            fn read_as_root(slice: &'a [u8]) -> ::planus::Result<Self> {
                ::planus::TableRead::from_buffer(
                    ::planus::SliceWithStartOffset {
                        buffer: slice,
                        offset_from_start: 0,
                    },
                    0,
                )
                .map_err(|error_kind| {
                    error_kind.with_error_location("[ValueRangeRef]", "read_as_root", 0)
                })
            }
        }

        /// The table `Content` in the namespace `tflite`
        ///
        /// Generated from these locations:
        /// * Table `Content` in the file `metadata_schema.fbs:319`
        #[derive(
            Clone,
            Debug,
            PartialEq,
            PartialOrd,
            Eq,
            Ord,
            Hash,
            ::serde::Serialize,
            ::serde::Deserialize,
        )]
        pub struct Content {
            /// The field `content_properties` in the table `Content`
            pub content_properties: ::core::option::Option<self::ContentProperties>,
            /// The field `range` in the table `Content`
            pub range: ::core::option::Option<::planus::alloc::boxed::Box<self::ValueRange>>,
        }

        #[allow(clippy::derivable_impls)]
        impl ::core::default::Default for Content {
            fn default() -> Self {
                Self {
                    content_properties: ::core::default::Default::default(),
                    range: ::core::default::Default::default(),
                }
            }
        }

        impl Content {
            /// Creates a [ContentBuilder] for serializing an instance of this table.
            #[inline]
            pub fn builder() -> ContentBuilder<()> {
                ContentBuilder(())
            }

            #[allow(clippy::too_many_arguments)]
            pub fn create(
                builder: &mut ::planus::Builder,
                field_content_properties: impl ::planus::WriteAsOptionalUnion<self::ContentProperties>,
                field_range: impl ::planus::WriteAsOptional<::planus::Offset<self::ValueRange>>,
            ) -> ::planus::Offset<Self> {
                let prepared_content_properties = field_content_properties.prepare(builder);
                let prepared_range = field_range.prepare(builder);

                let mut table_writer: ::planus::table_writer::TableWriter<10> =
                    ::core::default::Default::default();
                if prepared_content_properties.is_some() {
                    table_writer.write_entry::<::planus::Offset<self::ContentProperties>>(1);
                }
                if prepared_range.is_some() {
                    table_writer.write_entry::<::planus::Offset<self::ValueRange>>(2);
                }
                if prepared_content_properties.is_some() {
                    table_writer.write_entry::<u8>(0);
                }

                unsafe {
                    table_writer.finish(builder, |object_writer| {
                        if let ::core::option::Option::Some(prepared_content_properties) =
                            prepared_content_properties
                        {
                            object_writer.write::<_, _, 4>(&prepared_content_properties.offset());
                        }
                        if let ::core::option::Option::Some(prepared_range) = prepared_range {
                            object_writer.write::<_, _, 4>(&prepared_range);
                        }
                        if let ::core::option::Option::Some(prepared_content_properties) =
                            prepared_content_properties
                        {
                            object_writer.write::<_, _, 1>(&prepared_content_properties.tag());
                        }
                    });
                }
                builder.current_offset()
            }
        }

        impl ::planus::WriteAs<::planus::Offset<Content>> for Content {
            type Prepared = ::planus::Offset<Self>;

            #[inline]
            fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<Content> {
                ::planus::WriteAsOffset::prepare(self, builder)
            }
        }

        impl ::planus::WriteAsOptional<::planus::Offset<Content>> for Content {
            type Prepared = ::planus::Offset<Self>;

            #[inline]
            fn prepare(
                &self,
                builder: &mut ::planus::Builder,
            ) -> ::core::option::Option<::planus::Offset<Content>> {
                ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
            }
        }

        impl ::planus::WriteAsOffset<Content> for Content {
            #[inline]
            fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<Content> {
                Content::create(builder, &self.content_properties, &self.range)
            }
        }

        /// Builder for serializing an instance of the [Content] type.
        ///
        /// Can be created using the [Content::builder] method.
        #[derive(Debug)]
        #[must_use]
        pub struct ContentBuilder<State>(State);

        impl ContentBuilder<()> {
            /// Setter for the [`content_properties` field](Content#structfield.content_properties).
            #[inline]
            #[allow(clippy::type_complexity)]
            pub fn content_properties<T0>(self, value: T0) -> ContentBuilder<(T0,)>
            where
                T0: ::planus::WriteAsOptionalUnion<self::ContentProperties>,
            {
                ContentBuilder((value,))
            }

            /// Sets the [`content_properties` field](Content#structfield.content_properties) to null.
            #[inline]
            #[allow(clippy::type_complexity)]
            pub fn content_properties_as_null(self) -> ContentBuilder<((),)> {
                self.content_properties(())
            }
        }

        impl<T0> ContentBuilder<(T0,)> {
            /// Setter for the [`range` field](Content#structfield.range).
            #[inline]
            #[allow(clippy::type_complexity)]
            pub fn range<T1>(self, value: T1) -> ContentBuilder<(T0, T1)>
            where
                T1: ::planus::WriteAsOptional<::planus::Offset<self::ValueRange>>,
            {
                let (v0,) = self.0;
                ContentBuilder((v0, value))
            }

            /// Sets the [`range` field](Content#structfield.range) to null.
            #[inline]
            #[allow(clippy::type_complexity)]
            pub fn range_as_null(self) -> ContentBuilder<(T0, ())> {
                self.range(())
            }
        }

        impl<T0, T1> ContentBuilder<(T0, T1)> {
            /// Finish writing the builder to get an [Offset](::planus::Offset) to a serialized [Content].
            #[inline]
            pub fn finish(self, builder: &mut ::planus::Builder) -> ::planus::Offset<Content>
            where
                Self: ::planus::WriteAsOffset<Content>,
            {
                ::planus::WriteAsOffset::prepare(&self, builder)
            }
        }

        impl<
                T0: ::planus::WriteAsOptionalUnion<self::ContentProperties>,
                T1: ::planus::WriteAsOptional<::planus::Offset<self::ValueRange>>,
            > ::planus::WriteAs<::planus::Offset<Content>> for ContentBuilder<(T0, T1)>
        {
            type Prepared = ::planus::Offset<Content>;

            #[inline]
            fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<Content> {
                ::planus::WriteAsOffset::prepare(self, builder)
            }
        }

        impl<
                T0: ::planus::WriteAsOptionalUnion<self::ContentProperties>,
                T1: ::planus::WriteAsOptional<::planus::Offset<self::ValueRange>>,
            > ::planus::WriteAsOptional<::planus::Offset<Content>> for ContentBuilder<(T0, T1)>
        {
            type Prepared = ::planus::Offset<Content>;

            #[inline]
            fn prepare(
                &self,
                builder: &mut ::planus::Builder,
            ) -> ::core::option::Option<::planus::Offset<Content>> {
                ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
            }
        }

        impl<
                T0: ::planus::WriteAsOptionalUnion<self::ContentProperties>,
                T1: ::planus::WriteAsOptional<::planus::Offset<self::ValueRange>>,
            > ::planus::WriteAsOffset<Content> for ContentBuilder<(T0, T1)>
        {
            #[inline]
            fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<Content> {
                let (v0, v1) = &self.0;
                Content::create(builder, v0, v1)
            }
        }

        /// Reference to a deserialized [Content].
        #[derive(Copy, Clone)]
        pub struct ContentRef<'a>(#[allow(dead_code)] ::planus::table_reader::Table<'a>);

        impl<'a> ContentRef<'a> {
            /// Getter for the [`content_properties` field](Content#structfield.content_properties).
            #[inline]
            pub fn content_properties(
                &self,
            ) -> ::planus::Result<::core::option::Option<self::ContentPropertiesRef<'a>>>
            {
                self.0.access_union(0, "Content", "content_properties")
            }

            /// Getter for the [`range` field](Content#structfield.range).
            #[inline]
            pub fn range(
                &self,
            ) -> ::planus::Result<::core::option::Option<self::ValueRangeRef<'a>>> {
                self.0.access(2, "Content", "range")
            }
        }

        impl<'a> ::core::fmt::Debug for ContentRef<'a> {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                let mut f = f.debug_struct("ContentRef");
                if let ::core::option::Option::Some(field_content_properties) =
                    self.content_properties().transpose()
                {
                    f.field("content_properties", &field_content_properties);
                }
                if let ::core::option::Option::Some(field_range) = self.range().transpose() {
                    f.field("range", &field_range);
                }
                f.finish()
            }
        }

        impl<'a> ::core::convert::TryFrom<ContentRef<'a>> for Content {
            type Error = ::planus::Error;

            #[allow(unreachable_code)]
            fn try_from(value: ContentRef<'a>) -> ::planus::Result<Self> {
                ::core::result::Result::Ok(Self {
                    content_properties: if let ::core::option::Option::Some(content_properties) =
                        value.content_properties()?
                    {
                        ::core::option::Option::Some(::core::convert::TryInto::try_into(
                            content_properties,
                        )?)
                    } else {
                        ::core::option::Option::None
                    },
                    range: if let ::core::option::Option::Some(range) = value.range()? {
                        ::core::option::Option::Some(::planus::alloc::boxed::Box::new(
                            ::core::convert::TryInto::try_into(range)?,
                        ))
                    } else {
                        ::core::option::Option::None
                    },
                })
            }
        }

        impl<'a> ::planus::TableRead<'a> for ContentRef<'a> {
            #[inline]
            fn from_buffer(
                buffer: ::planus::SliceWithStartOffset<'a>,
                offset: usize,
            ) -> ::core::result::Result<Self, ::planus::errors::ErrorKind> {
                ::core::result::Result::Ok(Self(::planus::table_reader::Table::from_buffer(
                    buffer, offset,
                )?))
            }
        }

        impl<'a> ::planus::VectorReadInner<'a> for ContentRef<'a> {
            type Error = ::planus::Error;
            const STRIDE: usize = 4;

            unsafe fn from_buffer(
                buffer: ::planus::SliceWithStartOffset<'a>,
                offset: usize,
            ) -> ::planus::Result<Self> {
                ::planus::TableRead::from_buffer(buffer, offset).map_err(|error_kind| {
                    error_kind.with_error_location("[ContentRef]", "get", buffer.offset_from_start)
                })
            }
        }

        /// # Safety
        /// The planus compiler generates implementations that initialize
        /// the bytes in `write_values`.
        unsafe impl ::planus::VectorWrite<::planus::Offset<Content>> for Content {
            type Value = ::planus::Offset<Content>;
            const STRIDE: usize = 4;
            #[inline]
            fn prepare(&self, builder: &mut ::planus::Builder) -> Self::Value {
                ::planus::WriteAs::prepare(self, builder)
            }

            #[inline]
            unsafe fn write_values(
                values: &[::planus::Offset<Content>],
                bytes: *mut ::core::mem::MaybeUninit<u8>,
                buffer_position: u32,
            ) {
                let bytes = bytes as *mut [::core::mem::MaybeUninit<u8>; 4];
                for (i, v) in ::core::iter::Iterator::enumerate(values.iter()) {
                    ::planus::WriteAsPrimitive::write(
                        v,
                        ::planus::Cursor::new(unsafe { &mut *bytes.add(i) }),
                        buffer_position - (Self::STRIDE * i) as u32,
                    );
                }
            }
        }

        impl<'a> ::planus::ReadAsRoot<'a> for ContentRef<'a> {
            fn read_as_root(slice: &'a [u8]) -> ::planus::Result<Self> {
                ::planus::TableRead::from_buffer(
                    ::planus::SliceWithStartOffset {
                        buffer: slice,
                        offset_from_start: 0,
                    },
                    0,
                )
                .map_err(|error_kind| {
                    error_kind.with_error_location("[ContentRef]", "read_as_root", 0)
                })
            }
        }

        /// The table `NormalizationOptions` in the namespace `tflite`
        ///
        /// Generated from these locations:
        /// * Table `NormalizationOptions` in the file `metadata_schema.fbs:393`
        #[derive(Clone, Debug, PartialEq, PartialOrd, ::serde::Serialize, ::serde::Deserialize)]
        pub struct NormalizationOptions {
            /// The field `mean` in the table `NormalizationOptions`
            pub mean: ::core::option::Option<::planus::alloc::vec::Vec<f32>>,
            /// The field `std` in the table `NormalizationOptions`
            pub std: ::core::option::Option<::planus::alloc::vec::Vec<f32>>,
        }

        #[allow(clippy::derivable_impls)]
        impl ::core::default::Default for NormalizationOptions {
            fn default() -> Self {
                Self {
                    mean: ::core::default::Default::default(),
                    std: ::core::default::Default::default(),
                }
            }
        }

        impl NormalizationOptions {
            /// Creates a [NormalizationOptionsBuilder] for serializing an instance of this table.
            #[inline]
            pub fn builder() -> NormalizationOptionsBuilder<()> {
                NormalizationOptionsBuilder(())
            }

            #[allow(clippy::too_many_arguments)]
            pub fn create(
                builder: &mut ::planus::Builder,
                field_mean: impl ::planus::WriteAsOptional<::planus::Offset<[f32]>>,
                field_std: impl ::planus::WriteAsOptional<::planus::Offset<[f32]>>,
            ) -> ::planus::Offset<Self> {
                let prepared_mean = field_mean.prepare(builder);
                let prepared_std = field_std.prepare(builder);

                let mut table_writer: ::planus::table_writer::TableWriter<8> =
                    ::core::default::Default::default();
                if prepared_mean.is_some() {
                    table_writer.write_entry::<::planus::Offset<[f32]>>(0);
                }
                if prepared_std.is_some() {
                    table_writer.write_entry::<::planus::Offset<[f32]>>(1);
                }

                unsafe {
                    table_writer.finish(builder, |object_writer| {
                        if let ::core::option::Option::Some(prepared_mean) = prepared_mean {
                            object_writer.write::<_, _, 4>(&prepared_mean);
                        }
                        if let ::core::option::Option::Some(prepared_std) = prepared_std {
                            object_writer.write::<_, _, 4>(&prepared_std);
                        }
                    });
                }
                builder.current_offset()
            }
        }

        impl ::planus::WriteAs<::planus::Offset<NormalizationOptions>> for NormalizationOptions {
            type Prepared = ::planus::Offset<Self>;

            #[inline]
            fn prepare(
                &self,
                builder: &mut ::planus::Builder,
            ) -> ::planus::Offset<NormalizationOptions> {
                ::planus::WriteAsOffset::prepare(self, builder)
            }
        }

        impl ::planus::WriteAsOptional<::planus::Offset<NormalizationOptions>> for NormalizationOptions {
            type Prepared = ::planus::Offset<Self>;

            #[inline]
            fn prepare(
                &self,
                builder: &mut ::planus::Builder,
            ) -> ::core::option::Option<::planus::Offset<NormalizationOptions>> {
                ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
            }
        }

        impl ::planus::WriteAsOffset<NormalizationOptions> for NormalizationOptions {
            #[inline]
            fn prepare(
                &self,
                builder: &mut ::planus::Builder,
            ) -> ::planus::Offset<NormalizationOptions> {
                NormalizationOptions::create(builder, &self.mean, &self.std)
            }
        }

        /// Builder for serializing an instance of the [NormalizationOptions] type.
        ///
        /// Can be created using the [NormalizationOptions::builder] method.
        #[derive(Debug)]
        #[must_use]
        pub struct NormalizationOptionsBuilder<State>(State);

        impl NormalizationOptionsBuilder<()> {
            /// Setter for the [`mean` field](NormalizationOptions#structfield.mean).
            #[inline]
            #[allow(clippy::type_complexity)]
            pub fn mean<T0>(self, value: T0) -> NormalizationOptionsBuilder<(T0,)>
            where
                T0: ::planus::WriteAsOptional<::planus::Offset<[f32]>>,
            {
                NormalizationOptionsBuilder((value,))
            }

            /// Sets the [`mean` field](NormalizationOptions#structfield.mean) to null.
            #[inline]
            #[allow(clippy::type_complexity)]
            pub fn mean_as_null(self) -> NormalizationOptionsBuilder<((),)> {
                self.mean(())
            }
        }

        impl<T0> NormalizationOptionsBuilder<(T0,)> {
            /// Setter for the [`std` field](NormalizationOptions#structfield.std).
            #[inline]
            #[allow(clippy::type_complexity)]
            pub fn std<T1>(self, value: T1) -> NormalizationOptionsBuilder<(T0, T1)>
            where
                T1: ::planus::WriteAsOptional<::planus::Offset<[f32]>>,
            {
                let (v0,) = self.0;
                NormalizationOptionsBuilder((v0, value))
            }

            /// Sets the [`std` field](NormalizationOptions#structfield.std) to null.
            #[inline]
            #[allow(clippy::type_complexity)]
            pub fn std_as_null(self) -> NormalizationOptionsBuilder<(T0, ())> {
                self.std(())
            }
        }

        impl<T0, T1> NormalizationOptionsBuilder<(T0, T1)> {
            /// Finish writing the builder to get an [Offset](::planus::Offset) to a serialized [NormalizationOptions].
            #[inline]
            pub fn finish(
                self,
                builder: &mut ::planus::Builder,
            ) -> ::planus::Offset<NormalizationOptions>
            where
                Self: ::planus::WriteAsOffset<NormalizationOptions>,
            {
                ::planus::WriteAsOffset::prepare(&self, builder)
            }
        }

        impl<
                T0: ::planus::WriteAsOptional<::planus::Offset<[f32]>>,
                T1: ::planus::WriteAsOptional<::planus::Offset<[f32]>>,
            > ::planus::WriteAs<::planus::Offset<NormalizationOptions>>
            for NormalizationOptionsBuilder<(T0, T1)>
        {
            type Prepared = ::planus::Offset<NormalizationOptions>;

            #[inline]
            fn prepare(
                &self,
                builder: &mut ::planus::Builder,
            ) -> ::planus::Offset<NormalizationOptions> {
                ::planus::WriteAsOffset::prepare(self, builder)
            }
        }

        impl<
                T0: ::planus::WriteAsOptional<::planus::Offset<[f32]>>,
                T1: ::planus::WriteAsOptional<::planus::Offset<[f32]>>,
            > ::planus::WriteAsOptional<::planus::Offset<NormalizationOptions>>
            for NormalizationOptionsBuilder<(T0, T1)>
        {
            type Prepared = ::planus::Offset<NormalizationOptions>;

            #[inline]
            fn prepare(
                &self,
                builder: &mut ::planus::Builder,
            ) -> ::core::option::Option<::planus::Offset<NormalizationOptions>> {
                ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
            }
        }

        impl<
                T0: ::planus::WriteAsOptional<::planus::Offset<[f32]>>,
                T1: ::planus::WriteAsOptional<::planus::Offset<[f32]>>,
            > ::planus::WriteAsOffset<NormalizationOptions>
            for NormalizationOptionsBuilder<(T0, T1)>
        {
            #[inline]
            fn prepare(
                &self,
                builder: &mut ::planus::Builder,
            ) -> ::planus::Offset<NormalizationOptions> {
                let (v0, v1) = &self.0;
                NormalizationOptions::create(builder, v0, v1)
            }
        }

        /// Reference to a deserialized [NormalizationOptions].
        #[derive(Copy, Clone)]
        pub struct NormalizationOptionsRef<'a>(
            #[allow(dead_code)] ::planus::table_reader::Table<'a>,
        );

        impl<'a> NormalizationOptionsRef<'a> {
            /// Getter for the [`mean` field](NormalizationOptions#structfield.mean).
            #[inline]
            pub fn mean(
                &self,
            ) -> ::planus::Result<::core::option::Option<::planus::Vector<'a, f32>>> {
                self.0.access(0, "NormalizationOptions", "mean")
            }

            /// Getter for the [`std` field](NormalizationOptions#structfield.std).
            #[inline]
            pub fn std(
                &self,
            ) -> ::planus::Result<::core::option::Option<::planus::Vector<'a, f32>>> {
                self.0.access(1, "NormalizationOptions", "std")
            }
        }

        impl<'a> ::core::fmt::Debug for NormalizationOptionsRef<'a> {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                let mut f = f.debug_struct("NormalizationOptionsRef");
                if let ::core::option::Option::Some(field_mean) = self.mean().transpose() {
                    f.field("mean", &field_mean);
                }
                if let ::core::option::Option::Some(field_std) = self.std().transpose() {
                    f.field("std", &field_std);
                }
                f.finish()
            }
        }

        impl<'a> ::core::convert::TryFrom<NormalizationOptionsRef<'a>> for NormalizationOptions {
            type Error = ::planus::Error;

            #[allow(unreachable_code)]
            fn try_from(value: NormalizationOptionsRef<'a>) -> ::planus::Result<Self> {
                ::core::result::Result::Ok(Self {
                    mean: if let ::core::option::Option::Some(mean) = value.mean()? {
                        ::core::option::Option::Some(mean.to_vec()?)
                    } else {
                        ::core::option::Option::None
                    },
                    std: if let ::core::option::Option::Some(std) = value.std()? {
                        ::core::option::Option::Some(std.to_vec()?)
                    } else {
                        ::core::option::Option::None
                    },
                })
            }
        }

        impl<'a> ::planus::TableRead<'a> for NormalizationOptionsRef<'a> {
            #[inline]
            fn from_buffer(
                buffer: ::planus::SliceWithStartOffset<'a>,
                offset: usize,
            ) -> ::core::result::Result<Self, ::planus::errors::ErrorKind> {
                ::core::result::Result::Ok(Self(::planus::table_reader::Table::from_buffer(
                    buffer, offset,
                )?))
            }
        }

        impl<'a> ::planus::VectorReadInner<'a> for NormalizationOptionsRef<'a> {
            type Error = ::planus::Error;
            const STRIDE: usize = 4;

            unsafe fn from_buffer(
                buffer: ::planus::SliceWithStartOffset<'a>,
                offset: usize,
            ) -> ::planus::Result<Self> {
                ::planus::TableRead::from_buffer(buffer, offset).map_err(|error_kind| {
                    error_kind.with_error_location(
                        "[NormalizationOptionsRef]",
                        "get",
                        buffer.offset_from_start,
                    )
                })
            }
        }

        /// # Safety
        /// The planus compiler generates implementations that initialize
        /// the bytes in `write_values`.
        unsafe impl ::planus::VectorWrite<::planus::Offset<NormalizationOptions>> for NormalizationOptions {
            type Value = ::planus::Offset<NormalizationOptions>;
            const STRIDE: usize = 4;
            #[inline]
            fn prepare(&self, builder: &mut ::planus::Builder) -> Self::Value {
                ::planus::WriteAs::prepare(self, builder)
            }

            #[inline]
            unsafe fn write_values(
                values: &[::planus::Offset<NormalizationOptions>],
                bytes: *mut ::core::mem::MaybeUninit<u8>,
                buffer_position: u32,
            ) {
                let bytes = bytes as *mut [::core::mem::MaybeUninit<u8>; 4];
                for (i, v) in ::core::iter::Iterator::enumerate(values.iter()) {
                    ::planus::WriteAsPrimitive::write(
                        v,
                        ::planus::Cursor::new(unsafe { &mut *bytes.add(i) }),
                        buffer_position - (Self::STRIDE * i) as u32,
                    );
                }
            }
        }

        impl<'a> ::planus::ReadAsRoot<'a> for NormalizationOptionsRef<'a> {
            fn read_as_root(slice: &'a [u8]) -> ::planus::Result<Self> {
                ::planus::TableRead::from_buffer(
                    ::planus::SliceWithStartOffset {
                        buffer: slice,
                        offset_from_start: 0,
                    },
                    0,
                )
                .map_err(|error_kind| {
                    error_kind.with_error_location("[NormalizationOptionsRef]", "read_as_root", 0)
                })
            }
        }

        /// The enum `ScoreTransformationType` in the namespace `tflite`
        ///
        /// Generated from these locations:
        /// * Enum `ScoreTransformationType` in the file `metadata_schema.fbs:429`
        #[derive(
            Copy,
            Clone,
            Debug,
            PartialEq,
            Eq,
            PartialOrd,
            Ord,
            Hash,
            ::serde::Serialize,
            ::serde::Deserialize,
        )]
        #[repr(i8)]
        pub enum ScoreTransformationType {
            /// The variant `IDENTITY` in the enum `ScoreTransformationType`
            Identity = 0,

            /// The variant `LOG` in the enum `ScoreTransformationType`
            Log = 1,

            /// The variant `INVERSE_LOGISTIC` in the enum `ScoreTransformationType`
            InverseLogistic = 2,
        }

        impl ScoreTransformationType {
            /// Array containing all valid variants of ScoreTransformationType
            pub const ENUM_VALUES: [Self; 3] = [Self::Identity, Self::Log, Self::InverseLogistic];
        }

        impl ::core::convert::TryFrom<i8> for ScoreTransformationType {
            type Error = ::planus::errors::UnknownEnumTagKind;
            #[inline]
            fn try_from(
                value: i8,
            ) -> ::core::result::Result<Self, ::planus::errors::UnknownEnumTagKind> {
                #[allow(clippy::match_single_binding)]
                match value {
                    0 => ::core::result::Result::Ok(ScoreTransformationType::Identity),
                    1 => ::core::result::Result::Ok(ScoreTransformationType::Log),
                    2 => ::core::result::Result::Ok(ScoreTransformationType::InverseLogistic),

                    _ => ::core::result::Result::Err(::planus::errors::UnknownEnumTagKind {
                        tag: value as i128,
                    }),
                }
            }
        }

        impl ::core::convert::From<ScoreTransformationType> for i8 {
            #[inline]
            fn from(value: ScoreTransformationType) -> Self {
                value as i8
            }
        }

        /// # Safety
        /// The Planus compiler correctly calculates `ALIGNMENT` and `SIZE`.
        unsafe impl ::planus::Primitive for ScoreTransformationType {
            const ALIGNMENT: usize = 1;
            const SIZE: usize = 1;
        }

        impl ::planus::WriteAsPrimitive<ScoreTransformationType> for ScoreTransformationType {
            #[inline]
            fn write<const N: usize>(&self, cursor: ::planus::Cursor<'_, N>, buffer_position: u32) {
                (*self as i8).write(cursor, buffer_position);
            }
        }

        impl ::planus::WriteAs<ScoreTransformationType> for ScoreTransformationType {
            type Prepared = Self;

            #[inline]
            fn prepare(&self, _builder: &mut ::planus::Builder) -> ScoreTransformationType {
                *self
            }
        }

        impl ::planus::WriteAsDefault<ScoreTransformationType, ScoreTransformationType>
            for ScoreTransformationType
        {
            type Prepared = Self;

            #[inline]
            fn prepare(
                &self,
                _builder: &mut ::planus::Builder,
                default: &ScoreTransformationType,
            ) -> ::core::option::Option<ScoreTransformationType> {
                if self == default {
                    ::core::option::Option::None
                } else {
                    ::core::option::Option::Some(*self)
                }
            }
        }

        impl ::planus::WriteAsOptional<ScoreTransformationType> for ScoreTransformationType {
            type Prepared = Self;

            #[inline]
            fn prepare(
                &self,
                _builder: &mut ::planus::Builder,
            ) -> ::core::option::Option<ScoreTransformationType> {
                ::core::option::Option::Some(*self)
            }
        }

        impl<'buf> ::planus::TableRead<'buf> for ScoreTransformationType {
            #[inline]
            fn from_buffer(
                buffer: ::planus::SliceWithStartOffset<'buf>,
                offset: usize,
            ) -> ::core::result::Result<Self, ::planus::errors::ErrorKind> {
                let n: i8 = ::planus::TableRead::from_buffer(buffer, offset)?;
                ::core::result::Result::Ok(::core::convert::TryInto::try_into(n)?)
            }
        }

        impl<'buf> ::planus::VectorReadInner<'buf> for ScoreTransformationType {
            type Error = ::planus::errors::UnknownEnumTag;
            const STRIDE: usize = 1;
            #[inline]
            unsafe fn from_buffer(
                buffer: ::planus::SliceWithStartOffset<'buf>,
                offset: usize,
            ) -> ::core::result::Result<Self, ::planus::errors::UnknownEnumTag> {
                let value = unsafe { *buffer.buffer.get_unchecked(offset) as i8 };
                let value: ::core::result::Result<Self, _> =
                    ::core::convert::TryInto::try_into(value);
                value.map_err(|error_kind| {
                    error_kind.with_error_location(
                        "ScoreTransformationType",
                        "VectorRead::from_buffer",
                        buffer.offset_from_start,
                    )
                })
            }
        }

        /// # Safety
        /// The planus compiler generates implementations that initialize
        /// the bytes in `write_values`.
        unsafe impl ::planus::VectorWrite<ScoreTransformationType> for ScoreTransformationType {
            const STRIDE: usize = 1;

            type Value = Self;

            #[inline]
            fn prepare(&self, _builder: &mut ::planus::Builder) -> Self {
                *self
            }

            #[inline]
            unsafe fn write_values(
                values: &[Self],
                bytes: *mut ::core::mem::MaybeUninit<u8>,
                buffer_position: u32,
            ) {
                let bytes = bytes as *mut [::core::mem::MaybeUninit<u8>; 1];
                for (i, v) in ::core::iter::Iterator::enumerate(values.iter()) {
                    ::planus::WriteAsPrimitive::write(
                        v,
                        ::planus::Cursor::new(unsafe { &mut *bytes.add(i) }),
                        buffer_position - i as u32,
                    );
                }
            }
        }

        /// The table `ScoreCalibrationOptions` in the namespace `tflite`
        ///
        /// Generated from these locations:
        /// * Table `ScoreCalibrationOptions` in the file `metadata_schema.fbs:460`
        #[derive(Clone, Debug, PartialEq, PartialOrd, ::serde::Serialize, ::serde::Deserialize)]
        pub struct ScoreCalibrationOptions {
            /// The field `score_transformation` in the table `ScoreCalibrationOptions`
            pub score_transformation: self::ScoreTransformationType,
            /// The field `default_score` in the table `ScoreCalibrationOptions`
            pub default_score: f32,
        }

        #[allow(clippy::derivable_impls)]
        impl ::core::default::Default for ScoreCalibrationOptions {
            fn default() -> Self {
                Self {
                    score_transformation: self::ScoreTransformationType::Identity,
                    default_score: 0.0,
                }
            }
        }

        impl ScoreCalibrationOptions {
            /// Creates a [ScoreCalibrationOptionsBuilder] for serializing an instance of this table.
            #[inline]
            pub fn builder() -> ScoreCalibrationOptionsBuilder<()> {
                ScoreCalibrationOptionsBuilder(())
            }

            #[allow(clippy::too_many_arguments)]
            pub fn create(
                builder: &mut ::planus::Builder,
                field_score_transformation: impl ::planus::WriteAsDefault<
                    self::ScoreTransformationType,
                    self::ScoreTransformationType,
                >,
                field_default_score: impl ::planus::WriteAsDefault<f32, f32>,
            ) -> ::planus::Offset<Self> {
                let prepared_score_transformation = field_score_transformation
                    .prepare(builder, &self::ScoreTransformationType::Identity);
                let prepared_default_score = field_default_score.prepare(builder, &0.0);

                let mut table_writer: ::planus::table_writer::TableWriter<8> =
                    ::core::default::Default::default();
                if prepared_default_score.is_some() {
                    table_writer.write_entry::<f32>(1);
                }
                if prepared_score_transformation.is_some() {
                    table_writer.write_entry::<self::ScoreTransformationType>(0);
                }

                unsafe {
                    table_writer.finish(builder, |object_writer| {
                        if let ::core::option::Option::Some(prepared_default_score) =
                            prepared_default_score
                        {
                            object_writer.write::<_, _, 4>(&prepared_default_score);
                        }
                        if let ::core::option::Option::Some(prepared_score_transformation) =
                            prepared_score_transformation
                        {
                            object_writer.write::<_, _, 1>(&prepared_score_transformation);
                        }
                    });
                }
                builder.current_offset()
            }
        }

        impl ::planus::WriteAs<::planus::Offset<ScoreCalibrationOptions>> for ScoreCalibrationOptions {
            type Prepared = ::planus::Offset<Self>;

            #[inline]
            fn prepare(
                &self,
                builder: &mut ::planus::Builder,
            ) -> ::planus::Offset<ScoreCalibrationOptions> {
                ::planus::WriteAsOffset::prepare(self, builder)
            }
        }

        impl ::planus::WriteAsOptional<::planus::Offset<ScoreCalibrationOptions>>
            for ScoreCalibrationOptions
        {
            type Prepared = ::planus::Offset<Self>;

            #[inline]
            fn prepare(
                &self,
                builder: &mut ::planus::Builder,
            ) -> ::core::option::Option<::planus::Offset<ScoreCalibrationOptions>> {
                ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
            }
        }

        impl ::planus::WriteAsOffset<ScoreCalibrationOptions> for ScoreCalibrationOptions {
            #[inline]
            fn prepare(
                &self,
                builder: &mut ::planus::Builder,
            ) -> ::planus::Offset<ScoreCalibrationOptions> {
                ScoreCalibrationOptions::create(
                    builder,
                    self.score_transformation,
                    self.default_score,
                )
            }
        }

        /// Builder for serializing an instance of the [ScoreCalibrationOptions] type.
        ///
        /// Can be created using the [ScoreCalibrationOptions::builder] method.
        #[derive(Debug)]
        #[must_use]
        pub struct ScoreCalibrationOptionsBuilder<State>(State);

        impl ScoreCalibrationOptionsBuilder<()> {
            /// Setter for the [`score_transformation` field](ScoreCalibrationOptions#structfield.score_transformation).
            #[inline]
            #[allow(clippy::type_complexity)]
            pub fn score_transformation<T0>(
                self,
                value: T0,
            ) -> ScoreCalibrationOptionsBuilder<(T0,)>
            where
                T0: ::planus::WriteAsDefault<
                    self::ScoreTransformationType,
                    self::ScoreTransformationType,
                >,
            {
                ScoreCalibrationOptionsBuilder((value,))
            }

            /// Sets the [`score_transformation` field](ScoreCalibrationOptions#structfield.score_transformation) to the default value.
            #[inline]
            #[allow(clippy::type_complexity)]
            pub fn score_transformation_as_default(
                self,
            ) -> ScoreCalibrationOptionsBuilder<(::planus::DefaultValue,)> {
                self.score_transformation(::planus::DefaultValue)
            }
        }

        impl<T0> ScoreCalibrationOptionsBuilder<(T0,)> {
            /// Setter for the [`default_score` field](ScoreCalibrationOptions#structfield.default_score).
            #[inline]
            #[allow(clippy::type_complexity)]
            pub fn default_score<T1>(self, value: T1) -> ScoreCalibrationOptionsBuilder<(T0, T1)>
            where
                T1: ::planus::WriteAsDefault<f32, f32>,
            {
                let (v0,) = self.0;
                ScoreCalibrationOptionsBuilder((v0, value))
            }

            /// Sets the [`default_score` field](ScoreCalibrationOptions#structfield.default_score) to the default value.
            #[inline]
            #[allow(clippy::type_complexity)]
            pub fn default_score_as_default(
                self,
            ) -> ScoreCalibrationOptionsBuilder<(T0, ::planus::DefaultValue)> {
                self.default_score(::planus::DefaultValue)
            }
        }

        impl<T0, T1> ScoreCalibrationOptionsBuilder<(T0, T1)> {
            /// Finish writing the builder to get an [Offset](::planus::Offset) to a serialized [ScoreCalibrationOptions].
            #[inline]
            pub fn finish(
                self,
                builder: &mut ::planus::Builder,
            ) -> ::planus::Offset<ScoreCalibrationOptions>
            where
                Self: ::planus::WriteAsOffset<ScoreCalibrationOptions>,
            {
                ::planus::WriteAsOffset::prepare(&self, builder)
            }
        }

        impl<
                T0: ::planus::WriteAsDefault<
                    self::ScoreTransformationType,
                    self::ScoreTransformationType,
                >,
                T1: ::planus::WriteAsDefault<f32, f32>,
            > ::planus::WriteAs<::planus::Offset<ScoreCalibrationOptions>>
            for ScoreCalibrationOptionsBuilder<(T0, T1)>
        {
            type Prepared = ::planus::Offset<ScoreCalibrationOptions>;

            #[inline]
            fn prepare(
                &self,
                builder: &mut ::planus::Builder,
            ) -> ::planus::Offset<ScoreCalibrationOptions> {
                ::planus::WriteAsOffset::prepare(self, builder)
            }
        }

        impl<
                T0: ::planus::WriteAsDefault<
                    self::ScoreTransformationType,
                    self::ScoreTransformationType,
                >,
                T1: ::planus::WriteAsDefault<f32, f32>,
            > ::planus::WriteAsOptional<::planus::Offset<ScoreCalibrationOptions>>
            for ScoreCalibrationOptionsBuilder<(T0, T1)>
        {
            type Prepared = ::planus::Offset<ScoreCalibrationOptions>;

            #[inline]
            fn prepare(
                &self,
                builder: &mut ::planus::Builder,
            ) -> ::core::option::Option<::planus::Offset<ScoreCalibrationOptions>> {
                ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
            }
        }

        impl<
                T0: ::planus::WriteAsDefault<
                    self::ScoreTransformationType,
                    self::ScoreTransformationType,
                >,
                T1: ::planus::WriteAsDefault<f32, f32>,
            > ::planus::WriteAsOffset<ScoreCalibrationOptions>
            for ScoreCalibrationOptionsBuilder<(T0, T1)>
        {
            #[inline]
            fn prepare(
                &self,
                builder: &mut ::planus::Builder,
            ) -> ::planus::Offset<ScoreCalibrationOptions> {
                let (v0, v1) = &self.0;
                ScoreCalibrationOptions::create(builder, v0, v1)
            }
        }

        /// Reference to a deserialized [ScoreCalibrationOptions].
        #[derive(Copy, Clone)]
        pub struct ScoreCalibrationOptionsRef<'a>(
            #[allow(dead_code)] ::planus::table_reader::Table<'a>,
        );

        impl<'a> ScoreCalibrationOptionsRef<'a> {
            /// Getter for the [`score_transformation` field](ScoreCalibrationOptions#structfield.score_transformation).
            #[inline]
            pub fn score_transformation(&self) -> ::planus::Result<self::ScoreTransformationType> {
                ::core::result::Result::Ok(
                    self.0
                        .access(0, "ScoreCalibrationOptions", "score_transformation")?
                        .unwrap_or(self::ScoreTransformationType::Identity),
                )
            }

            /// Getter for the [`default_score` field](ScoreCalibrationOptions#structfield.default_score).
            #[inline]
            pub fn default_score(&self) -> ::planus::Result<f32> {
                ::core::result::Result::Ok(
                    self.0
                        .access(1, "ScoreCalibrationOptions", "default_score")?
                        .unwrap_or(0.0),
                )
            }
        }

        impl<'a> ::core::fmt::Debug for ScoreCalibrationOptionsRef<'a> {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                let mut f = f.debug_struct("ScoreCalibrationOptionsRef");
                f.field("score_transformation", &self.score_transformation());
                f.field("default_score", &self.default_score());
                f.finish()
            }
        }

        impl<'a> ::core::convert::TryFrom<ScoreCalibrationOptionsRef<'a>> for ScoreCalibrationOptions {
            type Error = ::planus::Error;

            #[allow(unreachable_code)]
            fn try_from(value: ScoreCalibrationOptionsRef<'a>) -> ::planus::Result<Self> {
                ::core::result::Result::Ok(Self {
                    score_transformation: ::core::convert::TryInto::try_into(
                        value.score_transformation()?,
                    )?,
                    default_score: ::core::convert::TryInto::try_into(value.default_score()?)?,
                })
            }
        }

        impl<'a> ::planus::TableRead<'a> for ScoreCalibrationOptionsRef<'a> {
            #[inline]
            fn from_buffer(
                buffer: ::planus::SliceWithStartOffset<'a>,
                offset: usize,
            ) -> ::core::result::Result<Self, ::planus::errors::ErrorKind> {
                ::core::result::Result::Ok(Self(::planus::table_reader::Table::from_buffer(
                    buffer, offset,
                )?))
            }
        }

        impl<'a> ::planus::VectorReadInner<'a> for ScoreCalibrationOptionsRef<'a> {
            type Error = ::planus::Error;
            const STRIDE: usize = 4;

            unsafe fn from_buffer(
                buffer: ::planus::SliceWithStartOffset<'a>,
                offset: usize,
            ) -> ::planus::Result<Self> {
                ::planus::TableRead::from_buffer(buffer, offset).map_err(|error_kind| {
                    error_kind.with_error_location(
                        "[ScoreCalibrationOptionsRef]",
                        "get",
                        buffer.offset_from_start,
                    )
                })
            }
        }

        /// # Safety
        /// The planus compiler generates implementations that initialize
        /// the bytes in `write_values`.
        unsafe impl ::planus::VectorWrite<::planus::Offset<ScoreCalibrationOptions>>
            for ScoreCalibrationOptions
        {
            type Value = ::planus::Offset<ScoreCalibrationOptions>;
            const STRIDE: usize = 4;
            #[inline]
            fn prepare(&self, builder: &mut ::planus::Builder) -> Self::Value {
                ::planus::WriteAs::prepare(self, builder)
            }

            #[inline]
            unsafe fn write_values(
                values: &[::planus::Offset<ScoreCalibrationOptions>],
                bytes: *mut ::core::mem::MaybeUninit<u8>,
                buffer_position: u32,
            ) {
                let bytes = bytes as *mut [::core::mem::MaybeUninit<u8>; 4];
                for (i, v) in ::core::iter::Iterator::enumerate(values.iter()) {
                    ::planus::WriteAsPrimitive::write(
                        v,
                        ::planus::Cursor::new(unsafe { &mut *bytes.add(i) }),
                        buffer_position - (Self::STRIDE * i) as u32,
                    );
                }
            }
        }

        impl<'a> ::planus::ReadAsRoot<'a> for ScoreCalibrationOptionsRef<'a> {
            fn read_as_root(slice: &'a [u8]) -> ::planus::Result<Self> {
                ::planus::TableRead::from_buffer(
                    ::planus::SliceWithStartOffset {
                        buffer: slice,
                        offset_from_start: 0,
                    },
                    0,
                )
                .map_err(|error_kind| {
                    error_kind.with_error_location(
                        "[ScoreCalibrationOptionsRef]",
                        "read_as_root",
                        0,
                    )
                })
            }
        }

        /// The table `ScoreThresholdingOptions` in the namespace `tflite`
        ///
        /// Generated from these locations:
        /// * Table `ScoreThresholdingOptions` in the file `metadata_schema.fbs:472`
        #[derive(Clone, Debug, PartialEq, PartialOrd, ::serde::Serialize, ::serde::Deserialize)]
        pub struct ScoreThresholdingOptions {
            /// The field `global_score_threshold` in the table `ScoreThresholdingOptions`
            pub global_score_threshold: f32,
        }

        #[allow(clippy::derivable_impls)]
        impl ::core::default::Default for ScoreThresholdingOptions {
            fn default() -> Self {
                Self {
                    global_score_threshold: 0.0,
                }
            }
        }

        impl ScoreThresholdingOptions {
            /// Creates a [ScoreThresholdingOptionsBuilder] for serializing an instance of this table.
            #[inline]
            pub fn builder() -> ScoreThresholdingOptionsBuilder<()> {
                ScoreThresholdingOptionsBuilder(())
            }

            #[allow(clippy::too_many_arguments)]
            pub fn create(
                builder: &mut ::planus::Builder,
                field_global_score_threshold: impl ::planus::WriteAsDefault<f32, f32>,
            ) -> ::planus::Offset<Self> {
                let prepared_global_score_threshold =
                    field_global_score_threshold.prepare(builder, &0.0);

                let mut table_writer: ::planus::table_writer::TableWriter<6> =
                    ::core::default::Default::default();
                if prepared_global_score_threshold.is_some() {
                    table_writer.write_entry::<f32>(0);
                }

                unsafe {
                    table_writer.finish(builder, |object_writer| {
                        if let ::core::option::Option::Some(prepared_global_score_threshold) =
                            prepared_global_score_threshold
                        {
                            object_writer.write::<_, _, 4>(&prepared_global_score_threshold);
                        }
                    });
                }
                builder.current_offset()
            }
        }

        impl ::planus::WriteAs<::planus::Offset<ScoreThresholdingOptions>> for ScoreThresholdingOptions {
            type Prepared = ::planus::Offset<Self>;

            #[inline]
            fn prepare(
                &self,
                builder: &mut ::planus::Builder,
            ) -> ::planus::Offset<ScoreThresholdingOptions> {
                ::planus::WriteAsOffset::prepare(self, builder)
            }
        }

        impl ::planus::WriteAsOptional<::planus::Offset<ScoreThresholdingOptions>>
            for ScoreThresholdingOptions
        {
            type Prepared = ::planus::Offset<Self>;

            #[inline]
            fn prepare(
                &self,
                builder: &mut ::planus::Builder,
            ) -> ::core::option::Option<::planus::Offset<ScoreThresholdingOptions>> {
                ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
            }
        }

        impl ::planus::WriteAsOffset<ScoreThresholdingOptions> for ScoreThresholdingOptions {
            #[inline]
            fn prepare(
                &self,
                builder: &mut ::planus::Builder,
            ) -> ::planus::Offset<ScoreThresholdingOptions> {
                ScoreThresholdingOptions::create(builder, self.global_score_threshold)
            }
        }

        /// Builder for serializing an instance of the [ScoreThresholdingOptions] type.
        ///
        /// Can be created using the [ScoreThresholdingOptions::builder] method.
        #[derive(Debug)]
        #[must_use]
        pub struct ScoreThresholdingOptionsBuilder<State>(State);

        impl ScoreThresholdingOptionsBuilder<()> {
            /// Setter for the [`global_score_threshold` field](ScoreThresholdingOptions#structfield.global_score_threshold).
            #[inline]
            #[allow(clippy::type_complexity)]
            pub fn global_score_threshold<T0>(
                self,
                value: T0,
            ) -> ScoreThresholdingOptionsBuilder<(T0,)>
            where
                T0: ::planus::WriteAsDefault<f32, f32>,
            {
                ScoreThresholdingOptionsBuilder((value,))
            }

            /// Sets the [`global_score_threshold` field](ScoreThresholdingOptions#structfield.global_score_threshold) to the default value.
            #[inline]
            #[allow(clippy::type_complexity)]
            pub fn global_score_threshold_as_default(
                self,
            ) -> ScoreThresholdingOptionsBuilder<(::planus::DefaultValue,)> {
                self.global_score_threshold(::planus::DefaultValue)
            }
        }

        impl<T0> ScoreThresholdingOptionsBuilder<(T0,)> {
            /// Finish writing the builder to get an [Offset](::planus::Offset) to a serialized [ScoreThresholdingOptions].
            #[inline]
            pub fn finish(
                self,
                builder: &mut ::planus::Builder,
            ) -> ::planus::Offset<ScoreThresholdingOptions>
            where
                Self: ::planus::WriteAsOffset<ScoreThresholdingOptions>,
            {
                ::planus::WriteAsOffset::prepare(&self, builder)
            }
        }

        impl<T0: ::planus::WriteAsDefault<f32, f32>>
            ::planus::WriteAs<::planus::Offset<ScoreThresholdingOptions>>
            for ScoreThresholdingOptionsBuilder<(T0,)>
        {
            type Prepared = ::planus::Offset<ScoreThresholdingOptions>;

            #[inline]
            fn prepare(
                &self,
                builder: &mut ::planus::Builder,
            ) -> ::planus::Offset<ScoreThresholdingOptions> {
                ::planus::WriteAsOffset::prepare(self, builder)
            }
        }

        impl<T0: ::planus::WriteAsDefault<f32, f32>>
            ::planus::WriteAsOptional<::planus::Offset<ScoreThresholdingOptions>>
            for ScoreThresholdingOptionsBuilder<(T0,)>
        {
            type Prepared = ::planus::Offset<ScoreThresholdingOptions>;

            #[inline]
            fn prepare(
                &self,
                builder: &mut ::planus::Builder,
            ) -> ::core::option::Option<::planus::Offset<ScoreThresholdingOptions>> {
                ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
            }
        }

        impl<T0: ::planus::WriteAsDefault<f32, f32>>
            ::planus::WriteAsOffset<ScoreThresholdingOptions>
            for ScoreThresholdingOptionsBuilder<(T0,)>
        {
            #[inline]
            fn prepare(
                &self,
                builder: &mut ::planus::Builder,
            ) -> ::planus::Offset<ScoreThresholdingOptions> {
                let (v0,) = &self.0;
                ScoreThresholdingOptions::create(builder, v0)
            }
        }

        /// Reference to a deserialized [ScoreThresholdingOptions].
        #[derive(Copy, Clone)]
        pub struct ScoreThresholdingOptionsRef<'a>(
            #[allow(dead_code)] ::planus::table_reader::Table<'a>,
        );

        impl<'a> ScoreThresholdingOptionsRef<'a> {
            /// Getter for the [`global_score_threshold` field](ScoreThresholdingOptions#structfield.global_score_threshold).
            #[inline]
            pub fn global_score_threshold(&self) -> ::planus::Result<f32> {
                ::core::result::Result::Ok(
                    self.0
                        .access(0, "ScoreThresholdingOptions", "global_score_threshold")?
                        .unwrap_or(0.0),
                )
            }
        }

        impl<'a> ::core::fmt::Debug for ScoreThresholdingOptionsRef<'a> {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                let mut f = f.debug_struct("ScoreThresholdingOptionsRef");
                f.field("global_score_threshold", &self.global_score_threshold());
                f.finish()
            }
        }

        impl<'a> ::core::convert::TryFrom<ScoreThresholdingOptionsRef<'a>> for ScoreThresholdingOptions {
            type Error = ::planus::Error;

            #[allow(unreachable_code)]
            fn try_from(value: ScoreThresholdingOptionsRef<'a>) -> ::planus::Result<Self> {
                ::core::result::Result::Ok(Self {
                    global_score_threshold: ::core::convert::TryInto::try_into(
                        value.global_score_threshold()?,
                    )?,
                })
            }
        }

        impl<'a> ::planus::TableRead<'a> for ScoreThresholdingOptionsRef<'a> {
            #[inline]
            fn from_buffer(
                buffer: ::planus::SliceWithStartOffset<'a>,
                offset: usize,
            ) -> ::core::result::Result<Self, ::planus::errors::ErrorKind> {
                ::core::result::Result::Ok(Self(::planus::table_reader::Table::from_buffer(
                    buffer, offset,
                )?))
            }
        }

        impl<'a> ::planus::VectorReadInner<'a> for ScoreThresholdingOptionsRef<'a> {
            type Error = ::planus::Error;
            const STRIDE: usize = 4;

            unsafe fn from_buffer(
                buffer: ::planus::SliceWithStartOffset<'a>,
                offset: usize,
            ) -> ::planus::Result<Self> {
                ::planus::TableRead::from_buffer(buffer, offset).map_err(|error_kind| {
                    error_kind.with_error_location(
                        "[ScoreThresholdingOptionsRef]",
                        "get",
                        buffer.offset_from_start,
                    )
                })
            }
        }

        /// # Safety
        /// The planus compiler generates implementations that initialize
        /// the bytes in `write_values`.
        unsafe impl ::planus::VectorWrite<::planus::Offset<ScoreThresholdingOptions>>
            for ScoreThresholdingOptions
        {
            type Value = ::planus::Offset<ScoreThresholdingOptions>;
            const STRIDE: usize = 4;
            #[inline]
            fn prepare(&self, builder: &mut ::planus::Builder) -> Self::Value {
                ::planus::WriteAs::prepare(self, builder)
            }

            #[inline]
            unsafe fn write_values(
                values: &[::planus::Offset<ScoreThresholdingOptions>],
                bytes: *mut ::core::mem::MaybeUninit<u8>,
                buffer_position: u32,
            ) {
                let bytes = bytes as *mut [::core::mem::MaybeUninit<u8>; 4];
                for (i, v) in ::core::iter::Iterator::enumerate(values.iter()) {
                    ::planus::WriteAsPrimitive::write(
                        v,
                        ::planus::Cursor::new(unsafe { &mut *bytes.add(i) }),
                        buffer_position - (Self::STRIDE * i) as u32,
                    );
                }
            }
        }

        impl<'a> ::planus::ReadAsRoot<'a> for ScoreThresholdingOptionsRef<'a> {
            fn read_as_root(slice: &'a [u8]) -> ::planus::Result<Self> {
                ::planus::TableRead::from_buffer(
                    ::planus::SliceWithStartOffset {
                        buffer: slice,
                        offset_from_start: 0,
                    },
                    0,
                )
                .map_err(|error_kind| {
                    error_kind.with_error_location(
                        "[ScoreThresholdingOptionsRef]",
                        "read_as_root",
                        0,
                    )
                })
            }
        }

        /// The table `BertTokenizerOptions` in the namespace `tflite`
        ///
        /// Generated from these locations:
        /// * Table `BertTokenizerOptions` in the file `metadata_schema.fbs:481`
        #[derive(
            Clone,
            Debug,
            PartialEq,
            PartialOrd,
            Eq,
            Ord,
            Hash,
            ::serde::Serialize,
            ::serde::Deserialize,
        )]
        pub struct BertTokenizerOptions {
            /// The field `vocab_file` in the table `BertTokenizerOptions`
            pub vocab_file: ::core::option::Option<::planus::alloc::vec::Vec<self::AssociatedFile>>,
        }

        #[allow(clippy::derivable_impls)]
        impl ::core::default::Default for BertTokenizerOptions {
            fn default() -> Self {
                Self {
                    vocab_file: ::core::default::Default::default(),
                }
            }
        }

        impl BertTokenizerOptions {
            /// Creates a [BertTokenizerOptionsBuilder] for serializing an instance of this table.
            #[inline]
            pub fn builder() -> BertTokenizerOptionsBuilder<()> {
                BertTokenizerOptionsBuilder(())
            }

            #[allow(clippy::too_many_arguments)]
            pub fn create(
                builder: &mut ::planus::Builder,
                field_vocab_file: impl ::planus::WriteAsOptional<
                    ::planus::Offset<[::planus::Offset<self::AssociatedFile>]>,
                >,
            ) -> ::planus::Offset<Self> {
                let prepared_vocab_file = field_vocab_file.prepare(builder);

                let mut table_writer: ::planus::table_writer::TableWriter<6> =
                    ::core::default::Default::default();
                if prepared_vocab_file.is_some() {
                    table_writer
                        .write_entry::<::planus::Offset<[::planus::Offset<self::AssociatedFile>]>>(
                            0,
                        );
                }

                unsafe {
                    table_writer.finish(builder, |object_writer| {
                        if let ::core::option::Option::Some(prepared_vocab_file) =
                            prepared_vocab_file
                        {
                            object_writer.write::<_, _, 4>(&prepared_vocab_file);
                        }
                    });
                }
                builder.current_offset()
            }
        }

        impl ::planus::WriteAs<::planus::Offset<BertTokenizerOptions>> for BertTokenizerOptions {
            type Prepared = ::planus::Offset<Self>;

            #[inline]
            fn prepare(
                &self,
                builder: &mut ::planus::Builder,
            ) -> ::planus::Offset<BertTokenizerOptions> {
                ::planus::WriteAsOffset::prepare(self, builder)
            }
        }

        impl ::planus::WriteAsOptional<::planus::Offset<BertTokenizerOptions>> for BertTokenizerOptions {
            type Prepared = ::planus::Offset<Self>;

            #[inline]
            fn prepare(
                &self,
                builder: &mut ::planus::Builder,
            ) -> ::core::option::Option<::planus::Offset<BertTokenizerOptions>> {
                ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
            }
        }

        impl ::planus::WriteAsOffset<BertTokenizerOptions> for BertTokenizerOptions {
            #[inline]
            fn prepare(
                &self,
                builder: &mut ::planus::Builder,
            ) -> ::planus::Offset<BertTokenizerOptions> {
                BertTokenizerOptions::create(builder, &self.vocab_file)
            }
        }

        /// Builder for serializing an instance of the [BertTokenizerOptions] type.
        ///
        /// Can be created using the [BertTokenizerOptions::builder] method.
        #[derive(Debug)]
        #[must_use]
        pub struct BertTokenizerOptionsBuilder<State>(State);

        impl BertTokenizerOptionsBuilder<()> {
            /// Setter for the [`vocab_file` field](BertTokenizerOptions#structfield.vocab_file).
            #[inline]
            #[allow(clippy::type_complexity)]
            pub fn vocab_file<T0>(self, value: T0) -> BertTokenizerOptionsBuilder<(T0,)>
            where
                T0: ::planus::WriteAsOptional<
                    ::planus::Offset<[::planus::Offset<self::AssociatedFile>]>,
                >,
            {
                BertTokenizerOptionsBuilder((value,))
            }

            /// Sets the [`vocab_file` field](BertTokenizerOptions#structfield.vocab_file) to null.
            #[inline]
            #[allow(clippy::type_complexity)]
            pub fn vocab_file_as_null(self) -> BertTokenizerOptionsBuilder<((),)> {
                self.vocab_file(())
            }
        }

        impl<T0> BertTokenizerOptionsBuilder<(T0,)> {
            /// Finish writing the builder to get an [Offset](::planus::Offset) to a serialized [BertTokenizerOptions].
            #[inline]
            pub fn finish(
                self,
                builder: &mut ::planus::Builder,
            ) -> ::planus::Offset<BertTokenizerOptions>
            where
                Self: ::planus::WriteAsOffset<BertTokenizerOptions>,
            {
                ::planus::WriteAsOffset::prepare(&self, builder)
            }
        }

        impl<
                T0: ::planus::WriteAsOptional<
                    ::planus::Offset<[::planus::Offset<self::AssociatedFile>]>,
                >,
            > ::planus::WriteAs<::planus::Offset<BertTokenizerOptions>>
            for BertTokenizerOptionsBuilder<(T0,)>
        {
            type Prepared = ::planus::Offset<BertTokenizerOptions>;

            #[inline]
            fn prepare(
                &self,
                builder: &mut ::planus::Builder,
            ) -> ::planus::Offset<BertTokenizerOptions> {
                ::planus::WriteAsOffset::prepare(self, builder)
            }
        }

        impl<
                T0: ::planus::WriteAsOptional<
                    ::planus::Offset<[::planus::Offset<self::AssociatedFile>]>,
                >,
            > ::planus::WriteAsOptional<::planus::Offset<BertTokenizerOptions>>
            for BertTokenizerOptionsBuilder<(T0,)>
        {
            type Prepared = ::planus::Offset<BertTokenizerOptions>;

            #[inline]
            fn prepare(
                &self,
                builder: &mut ::planus::Builder,
            ) -> ::core::option::Option<::planus::Offset<BertTokenizerOptions>> {
                ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
            }
        }

        impl<
                T0: ::planus::WriteAsOptional<
                    ::planus::Offset<[::planus::Offset<self::AssociatedFile>]>,
                >,
            > ::planus::WriteAsOffset<BertTokenizerOptions> for BertTokenizerOptionsBuilder<(T0,)>
        {
            #[inline]
            fn prepare(
                &self,
                builder: &mut ::planus::Builder,
            ) -> ::planus::Offset<BertTokenizerOptions> {
                let (v0,) = &self.0;
                BertTokenizerOptions::create(builder, v0)
            }
        }

        /// Reference to a deserialized [BertTokenizerOptions].
        #[derive(Copy, Clone)]
        pub struct BertTokenizerOptionsRef<'a>(
            #[allow(dead_code)] ::planus::table_reader::Table<'a>,
        );

        impl<'a> BertTokenizerOptionsRef<'a> {
            /// Getter for the [`vocab_file` field](BertTokenizerOptions#structfield.vocab_file).
            #[inline]
            pub fn vocab_file(
                &self,
            ) -> ::planus::Result<
                ::core::option::Option<
                    ::planus::Vector<'a, ::planus::Result<self::AssociatedFileRef<'a>>>,
                >,
            > {
                self.0.access(0, "BertTokenizerOptions", "vocab_file")
            }
        }

        impl<'a> ::core::fmt::Debug for BertTokenizerOptionsRef<'a> {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                let mut f = f.debug_struct("BertTokenizerOptionsRef");
                if let ::core::option::Option::Some(field_vocab_file) =
                    self.vocab_file().transpose()
                {
                    f.field("vocab_file", &field_vocab_file);
                }
                f.finish()
            }
        }

        impl<'a> ::core::convert::TryFrom<BertTokenizerOptionsRef<'a>> for BertTokenizerOptions {
            type Error = ::planus::Error;

            #[allow(unreachable_code)]
            fn try_from(value: BertTokenizerOptionsRef<'a>) -> ::planus::Result<Self> {
                ::core::result::Result::Ok(Self {
                    vocab_file: if let ::core::option::Option::Some(vocab_file) =
                        value.vocab_file()?
                    {
                        ::core::option::Option::Some(vocab_file.to_vec_result()?)
                    } else {
                        ::core::option::Option::None
                    },
                })
            }
        }

        impl<'a> ::planus::TableRead<'a> for BertTokenizerOptionsRef<'a> {
            #[inline]
            fn from_buffer(
                buffer: ::planus::SliceWithStartOffset<'a>,
                offset: usize,
            ) -> ::core::result::Result<Self, ::planus::errors::ErrorKind> {
                ::core::result::Result::Ok(Self(::planus::table_reader::Table::from_buffer(
                    buffer, offset,
                )?))
            }
        }

        impl<'a> ::planus::VectorReadInner<'a> for BertTokenizerOptionsRef<'a> {
            type Error = ::planus::Error;
            const STRIDE: usize = 4;

            unsafe fn from_buffer(
                buffer: ::planus::SliceWithStartOffset<'a>,
                offset: usize,
            ) -> ::planus::Result<Self> {
                ::planus::TableRead::from_buffer(buffer, offset).map_err(|error_kind| {
                    error_kind.with_error_location(
                        "[BertTokenizerOptionsRef]",
                        "get",
                        buffer.offset_from_start,
                    )
                })
            }
        }

        /// # Safety
        /// The planus compiler generates implementations that initialize
        /// the bytes in `write_values`.
        unsafe impl ::planus::VectorWrite<::planus::Offset<BertTokenizerOptions>> for BertTokenizerOptions {
            type Value = ::planus::Offset<BertTokenizerOptions>;
            const STRIDE: usize = 4;
            #[inline]
            fn prepare(&self, builder: &mut ::planus::Builder) -> Self::Value {
                ::planus::WriteAs::prepare(self, builder)
            }

            #[inline]
            unsafe fn write_values(
                values: &[::planus::Offset<BertTokenizerOptions>],
                bytes: *mut ::core::mem::MaybeUninit<u8>,
                buffer_position: u32,
            ) {
                let bytes = bytes as *mut [::core::mem::MaybeUninit<u8>; 4];
                for (i, v) in ::core::iter::Iterator::enumerate(values.iter()) {
                    ::planus::WriteAsPrimitive::write(
                        v,
                        ::planus::Cursor::new(unsafe { &mut *bytes.add(i) }),
                        buffer_position - (Self::STRIDE * i) as u32,
                    );
                }
            }
        }

        impl<'a> ::planus::ReadAsRoot<'a> for BertTokenizerOptionsRef<'a> {
            fn read_as_root(slice: &'a [u8]) -> ::planus::Result<Self> {
                ::planus::TableRead::from_buffer(
                    ::planus::SliceWithStartOffset {
                        buffer: slice,
                        offset_from_start: 0,
                    },
                    0,
                )
                .map_err(|error_kind| {
                    error_kind.with_error_location("[BertTokenizerOptionsRef]", "read_as_root", 0)
                })
            }
        }

        /// The table `SentencePieceTokenizerOptions` in the namespace `tflite`
        ///
        /// Generated from these locations:
        /// * Table `SentencePieceTokenizerOptions` in the file `metadata_schema.fbs:489`
        #[derive(
            Clone,
            Debug,
            PartialEq,
            PartialOrd,
            Eq,
            Ord,
            Hash,
            ::serde::Serialize,
            ::serde::Deserialize,
        )]
        pub struct SentencePieceTokenizerOptions {
            /// The field `sentencePiece_model` in the table `SentencePieceTokenizerOptions`
            pub sentence_piece_model:
                ::core::option::Option<::planus::alloc::vec::Vec<self::AssociatedFile>>,
            /// The field `vocab_file` in the table `SentencePieceTokenizerOptions`
            pub vocab_file: ::core::option::Option<::planus::alloc::vec::Vec<self::AssociatedFile>>,
        }

        #[allow(clippy::derivable_impls)]
        impl ::core::default::Default for SentencePieceTokenizerOptions {
            fn default() -> Self {
                Self {
                    sentence_piece_model: ::core::default::Default::default(),
                    vocab_file: ::core::default::Default::default(),
                }
            }
        }

        impl SentencePieceTokenizerOptions {
            /// Creates a [SentencePieceTokenizerOptionsBuilder] for serializing an instance of this table.
            #[inline]
            pub fn builder() -> SentencePieceTokenizerOptionsBuilder<()> {
                SentencePieceTokenizerOptionsBuilder(())
            }

            #[allow(clippy::too_many_arguments)]
            pub fn create(
                builder: &mut ::planus::Builder,
                field_sentence_piece_model: impl ::planus::WriteAsOptional<
                    ::planus::Offset<[::planus::Offset<self::AssociatedFile>]>,
                >,
                field_vocab_file: impl ::planus::WriteAsOptional<
                    ::planus::Offset<[::planus::Offset<self::AssociatedFile>]>,
                >,
            ) -> ::planus::Offset<Self> {
                let prepared_sentence_piece_model = field_sentence_piece_model.prepare(builder);
                let prepared_vocab_file = field_vocab_file.prepare(builder);

                let mut table_writer: ::planus::table_writer::TableWriter<8> =
                    ::core::default::Default::default();
                if prepared_sentence_piece_model.is_some() {
                    table_writer
                        .write_entry::<::planus::Offset<[::planus::Offset<self::AssociatedFile>]>>(
                            0,
                        );
                }
                if prepared_vocab_file.is_some() {
                    table_writer
                        .write_entry::<::planus::Offset<[::planus::Offset<self::AssociatedFile>]>>(
                            1,
                        );
                }

                unsafe {
                    table_writer.finish(builder, |object_writer| {
                        if let ::core::option::Option::Some(prepared_sentence_piece_model) =
                            prepared_sentence_piece_model
                        {
                            object_writer.write::<_, _, 4>(&prepared_sentence_piece_model);
                        }
                        if let ::core::option::Option::Some(prepared_vocab_file) =
                            prepared_vocab_file
                        {
                            object_writer.write::<_, _, 4>(&prepared_vocab_file);
                        }
                    });
                }
                builder.current_offset()
            }
        }

        impl ::planus::WriteAs<::planus::Offset<SentencePieceTokenizerOptions>>
            for SentencePieceTokenizerOptions
        {
            type Prepared = ::planus::Offset<Self>;

            #[inline]
            fn prepare(
                &self,
                builder: &mut ::planus::Builder,
            ) -> ::planus::Offset<SentencePieceTokenizerOptions> {
                ::planus::WriteAsOffset::prepare(self, builder)
            }
        }

        impl ::planus::WriteAsOptional<::planus::Offset<SentencePieceTokenizerOptions>>
            for SentencePieceTokenizerOptions
        {
            type Prepared = ::planus::Offset<Self>;

            #[inline]
            fn prepare(
                &self,
                builder: &mut ::planus::Builder,
            ) -> ::core::option::Option<::planus::Offset<SentencePieceTokenizerOptions>>
            {
                ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
            }
        }

        impl ::planus::WriteAsOffset<SentencePieceTokenizerOptions> for SentencePieceTokenizerOptions {
            #[inline]
            fn prepare(
                &self,
                builder: &mut ::planus::Builder,
            ) -> ::planus::Offset<SentencePieceTokenizerOptions> {
                SentencePieceTokenizerOptions::create(
                    builder,
                    &self.sentence_piece_model,
                    &self.vocab_file,
                )
            }
        }

        /// Builder for serializing an instance of the [SentencePieceTokenizerOptions] type.
        ///
        /// Can be created using the [SentencePieceTokenizerOptions::builder] method.
        #[derive(Debug)]
        #[must_use]
        pub struct SentencePieceTokenizerOptionsBuilder<State>(State);

        impl SentencePieceTokenizerOptionsBuilder<()> {
            /// Setter for the [`sentencePiece_model` field](SentencePieceTokenizerOptions#structfield.sentence_piece_model).
            #[inline]
            #[allow(clippy::type_complexity)]
            pub fn sentence_piece_model<T0>(
                self,
                value: T0,
            ) -> SentencePieceTokenizerOptionsBuilder<(T0,)>
            where
                T0: ::planus::WriteAsOptional<
                    ::planus::Offset<[::planus::Offset<self::AssociatedFile>]>,
                >,
            {
                SentencePieceTokenizerOptionsBuilder((value,))
            }

            /// Sets the [`sentencePiece_model` field](SentencePieceTokenizerOptions#structfield.sentence_piece_model) to null.
            #[inline]
            #[allow(clippy::type_complexity)]
            pub fn sentence_piece_model_as_null(
                self,
            ) -> SentencePieceTokenizerOptionsBuilder<((),)> {
                self.sentence_piece_model(())
            }
        }

        impl<T0> SentencePieceTokenizerOptionsBuilder<(T0,)> {
            /// Setter for the [`vocab_file` field](SentencePieceTokenizerOptions#structfield.vocab_file).
            #[inline]
            #[allow(clippy::type_complexity)]
            pub fn vocab_file<T1>(self, value: T1) -> SentencePieceTokenizerOptionsBuilder<(T0, T1)>
            where
                T1: ::planus::WriteAsOptional<
                    ::planus::Offset<[::planus::Offset<self::AssociatedFile>]>,
                >,
            {
                let (v0,) = self.0;
                SentencePieceTokenizerOptionsBuilder((v0, value))
            }

            /// Sets the [`vocab_file` field](SentencePieceTokenizerOptions#structfield.vocab_file) to null.
            #[inline]
            #[allow(clippy::type_complexity)]
            pub fn vocab_file_as_null(self) -> SentencePieceTokenizerOptionsBuilder<(T0, ())> {
                self.vocab_file(())
            }
        }

        impl<T0, T1> SentencePieceTokenizerOptionsBuilder<(T0, T1)> {
            /// Finish writing the builder to get an [Offset](::planus::Offset) to a serialized [SentencePieceTokenizerOptions].
            #[inline]
            pub fn finish(
                self,
                builder: &mut ::planus::Builder,
            ) -> ::planus::Offset<SentencePieceTokenizerOptions>
            where
                Self: ::planus::WriteAsOffset<SentencePieceTokenizerOptions>,
            {
                ::planus::WriteAsOffset::prepare(&self, builder)
            }
        }

        impl<
                T0: ::planus::WriteAsOptional<
                    ::planus::Offset<[::planus::Offset<self::AssociatedFile>]>,
                >,
                T1: ::planus::WriteAsOptional<
                    ::planus::Offset<[::planus::Offset<self::AssociatedFile>]>,
                >,
            > ::planus::WriteAs<::planus::Offset<SentencePieceTokenizerOptions>>
            for SentencePieceTokenizerOptionsBuilder<(T0, T1)>
        {
            type Prepared = ::planus::Offset<SentencePieceTokenizerOptions>;

            #[inline]
            fn prepare(
                &self,
                builder: &mut ::planus::Builder,
            ) -> ::planus::Offset<SentencePieceTokenizerOptions> {
                ::planus::WriteAsOffset::prepare(self, builder)
            }
        }

        impl<
                T0: ::planus::WriteAsOptional<
                    ::planus::Offset<[::planus::Offset<self::AssociatedFile>]>,
                >,
                T1: ::planus::WriteAsOptional<
                    ::planus::Offset<[::planus::Offset<self::AssociatedFile>]>,
                >,
            > ::planus::WriteAsOptional<::planus::Offset<SentencePieceTokenizerOptions>>
            for SentencePieceTokenizerOptionsBuilder<(T0, T1)>
        {
            type Prepared = ::planus::Offset<SentencePieceTokenizerOptions>;

            #[inline]
            fn prepare(
                &self,
                builder: &mut ::planus::Builder,
            ) -> ::core::option::Option<::planus::Offset<SentencePieceTokenizerOptions>>
            {
                ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
            }
        }

        impl<
                T0: ::planus::WriteAsOptional<
                    ::planus::Offset<[::planus::Offset<self::AssociatedFile>]>,
                >,
                T1: ::planus::WriteAsOptional<
                    ::planus::Offset<[::planus::Offset<self::AssociatedFile>]>,
                >,
            > ::planus::WriteAsOffset<SentencePieceTokenizerOptions>
            for SentencePieceTokenizerOptionsBuilder<(T0, T1)>
        {
            #[inline]
            fn prepare(
                &self,
                builder: &mut ::planus::Builder,
            ) -> ::planus::Offset<SentencePieceTokenizerOptions> {
                let (v0, v1) = &self.0;
                SentencePieceTokenizerOptions::create(builder, v0, v1)
            }
        }

        /// Reference to a deserialized [SentencePieceTokenizerOptions].
        #[derive(Copy, Clone)]
        pub struct SentencePieceTokenizerOptionsRef<'a>(
            #[allow(dead_code)] ::planus::table_reader::Table<'a>,
        );

        impl<'a> SentencePieceTokenizerOptionsRef<'a> {
            /// Getter for the [`sentencePiece_model` field](SentencePieceTokenizerOptions#structfield.sentence_piece_model).
            #[inline]
            pub fn sentence_piece_model(
                &self,
            ) -> ::planus::Result<
                ::core::option::Option<
                    ::planus::Vector<'a, ::planus::Result<self::AssociatedFileRef<'a>>>,
                >,
            > {
                self.0
                    .access(0, "SentencePieceTokenizerOptions", "sentence_piece_model")
            }

            /// Getter for the [`vocab_file` field](SentencePieceTokenizerOptions#structfield.vocab_file).
            #[inline]
            pub fn vocab_file(
                &self,
            ) -> ::planus::Result<
                ::core::option::Option<
                    ::planus::Vector<'a, ::planus::Result<self::AssociatedFileRef<'a>>>,
                >,
            > {
                self.0
                    .access(1, "SentencePieceTokenizerOptions", "vocab_file")
            }
        }

        impl<'a> ::core::fmt::Debug for SentencePieceTokenizerOptionsRef<'a> {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                let mut f = f.debug_struct("SentencePieceTokenizerOptionsRef");
                if let ::core::option::Option::Some(field_sentence_piece_model) =
                    self.sentence_piece_model().transpose()
                {
                    f.field("sentence_piece_model", &field_sentence_piece_model);
                }
                if let ::core::option::Option::Some(field_vocab_file) =
                    self.vocab_file().transpose()
                {
                    f.field("vocab_file", &field_vocab_file);
                }
                f.finish()
            }
        }

        impl<'a> ::core::convert::TryFrom<SentencePieceTokenizerOptionsRef<'a>>
            for SentencePieceTokenizerOptions
        {
            type Error = ::planus::Error;

            #[allow(unreachable_code)]
            fn try_from(value: SentencePieceTokenizerOptionsRef<'a>) -> ::planus::Result<Self> {
                ::core::result::Result::Ok(Self {
                    sentence_piece_model: if let ::core::option::Option::Some(
                        sentence_piece_model,
                    ) = value.sentence_piece_model()?
                    {
                        ::core::option::Option::Some(sentence_piece_model.to_vec_result()?)
                    } else {
                        ::core::option::Option::None
                    },
                    vocab_file: if let ::core::option::Option::Some(vocab_file) =
                        value.vocab_file()?
                    {
                        ::core::option::Option::Some(vocab_file.to_vec_result()?)
                    } else {
                        ::core::option::Option::None
                    },
                })
            }
        }

        impl<'a> ::planus::TableRead<'a> for SentencePieceTokenizerOptionsRef<'a> {
            #[inline]
            fn from_buffer(
                buffer: ::planus::SliceWithStartOffset<'a>,
                offset: usize,
            ) -> ::core::result::Result<Self, ::planus::errors::ErrorKind> {
                ::core::result::Result::Ok(Self(::planus::table_reader::Table::from_buffer(
                    buffer, offset,
                )?))
            }
        }

        impl<'a> ::planus::VectorReadInner<'a> for SentencePieceTokenizerOptionsRef<'a> {
            type Error = ::planus::Error;
            const STRIDE: usize = 4;

            unsafe fn from_buffer(
                buffer: ::planus::SliceWithStartOffset<'a>,
                offset: usize,
            ) -> ::planus::Result<Self> {
                ::planus::TableRead::from_buffer(buffer, offset).map_err(|error_kind| {
                    error_kind.with_error_location(
                        "[SentencePieceTokenizerOptionsRef]",
                        "get",
                        buffer.offset_from_start,
                    )
                })
            }
        }

        /// # Safety
        /// The planus compiler generates implementations that initialize
        /// the bytes in `write_values`.
        unsafe impl ::planus::VectorWrite<::planus::Offset<SentencePieceTokenizerOptions>>
            for SentencePieceTokenizerOptions
        {
            type Value = ::planus::Offset<SentencePieceTokenizerOptions>;
            const STRIDE: usize = 4;
            #[inline]
            fn prepare(&self, builder: &mut ::planus::Builder) -> Self::Value {
                ::planus::WriteAs::prepare(self, builder)
            }

            #[inline]
            unsafe fn write_values(
                values: &[::planus::Offset<SentencePieceTokenizerOptions>],
                bytes: *mut ::core::mem::MaybeUninit<u8>,
                buffer_position: u32,
            ) {
                let bytes = bytes as *mut [::core::mem::MaybeUninit<u8>; 4];
                for (i, v) in ::core::iter::Iterator::enumerate(values.iter()) {
                    ::planus::WriteAsPrimitive::write(
                        v,
                        ::planus::Cursor::new(unsafe { &mut *bytes.add(i) }),
                        buffer_position - (Self::STRIDE * i) as u32,
                    );
                }
            }
        }

        impl<'a> ::planus::ReadAsRoot<'a> for SentencePieceTokenizerOptionsRef<'a> {
            fn read_as_root(slice: &'a [u8]) -> ::planus::Result<Self> {
                ::planus::TableRead::from_buffer(
                    ::planus::SliceWithStartOffset {
                        buffer: slice,
                        offset_from_start: 0,
                    },
                    0,
                )
                .map_err(|error_kind| {
                    error_kind.with_error_location(
                        "[SentencePieceTokenizerOptionsRef]",
                        "read_as_root",
                        0,
                    )
                })
            }
        }

        /// The table `RegexTokenizerOptions` in the namespace `tflite`
        ///
        /// Generated from these locations:
        /// * Table `RegexTokenizerOptions` in the file `metadata_schema.fbs:504`
        #[derive(
            Clone,
            Debug,
            PartialEq,
            PartialOrd,
            Eq,
            Ord,
            Hash,
            ::serde::Serialize,
            ::serde::Deserialize,
        )]
        pub struct RegexTokenizerOptions {
            /// The field `delim_regex_pattern` in the table `RegexTokenizerOptions`
            pub delim_regex_pattern: ::core::option::Option<::planus::alloc::string::String>,
            /// The field `vocab_file` in the table `RegexTokenizerOptions`
            pub vocab_file: ::core::option::Option<::planus::alloc::vec::Vec<self::AssociatedFile>>,
        }

        #[allow(clippy::derivable_impls)]
        impl ::core::default::Default for RegexTokenizerOptions {
            fn default() -> Self {
                Self {
                    delim_regex_pattern: ::core::default::Default::default(),
                    vocab_file: ::core::default::Default::default(),
                }
            }
        }

        impl RegexTokenizerOptions {
            /// Creates a [RegexTokenizerOptionsBuilder] for serializing an instance of this table.
            #[inline]
            pub fn builder() -> RegexTokenizerOptionsBuilder<()> {
                RegexTokenizerOptionsBuilder(())
            }

            #[allow(clippy::too_many_arguments)]
            pub fn create(
                builder: &mut ::planus::Builder,
                field_delim_regex_pattern: impl ::planus::WriteAsOptional<
                    ::planus::Offset<::core::primitive::str>,
                >,
                field_vocab_file: impl ::planus::WriteAsOptional<
                    ::planus::Offset<[::planus::Offset<self::AssociatedFile>]>,
                >,
            ) -> ::planus::Offset<Self> {
                let prepared_delim_regex_pattern = field_delim_regex_pattern.prepare(builder);
                let prepared_vocab_file = field_vocab_file.prepare(builder);

                let mut table_writer: ::planus::table_writer::TableWriter<8> =
                    ::core::default::Default::default();
                if prepared_delim_regex_pattern.is_some() {
                    table_writer.write_entry::<::planus::Offset<str>>(0);
                }
                if prepared_vocab_file.is_some() {
                    table_writer
                        .write_entry::<::planus::Offset<[::planus::Offset<self::AssociatedFile>]>>(
                            1,
                        );
                }

                unsafe {
                    table_writer.finish(builder, |object_writer| {
                        if let ::core::option::Option::Some(prepared_delim_regex_pattern) =
                            prepared_delim_regex_pattern
                        {
                            object_writer.write::<_, _, 4>(&prepared_delim_regex_pattern);
                        }
                        if let ::core::option::Option::Some(prepared_vocab_file) =
                            prepared_vocab_file
                        {
                            object_writer.write::<_, _, 4>(&prepared_vocab_file);
                        }
                    });
                }
                builder.current_offset()
            }
        }

        impl ::planus::WriteAs<::planus::Offset<RegexTokenizerOptions>> for RegexTokenizerOptions {
            type Prepared = ::planus::Offset<Self>;

            #[inline]
            fn prepare(
                &self,
                builder: &mut ::planus::Builder,
            ) -> ::planus::Offset<RegexTokenizerOptions> {
                ::planus::WriteAsOffset::prepare(self, builder)
            }
        }

        impl ::planus::WriteAsOptional<::planus::Offset<RegexTokenizerOptions>> for RegexTokenizerOptions {
            type Prepared = ::planus::Offset<Self>;

            #[inline]
            fn prepare(
                &self,
                builder: &mut ::planus::Builder,
            ) -> ::core::option::Option<::planus::Offset<RegexTokenizerOptions>> {
                ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
            }
        }

        impl ::planus::WriteAsOffset<RegexTokenizerOptions> for RegexTokenizerOptions {
            #[inline]
            fn prepare(
                &self,
                builder: &mut ::planus::Builder,
            ) -> ::planus::Offset<RegexTokenizerOptions> {
                RegexTokenizerOptions::create(builder, &self.delim_regex_pattern, &self.vocab_file)
            }
        }

        /// Builder for serializing an instance of the [RegexTokenizerOptions] type.
        ///
        /// Can be created using the [RegexTokenizerOptions::builder] method.
        #[derive(Debug)]
        #[must_use]
        pub struct RegexTokenizerOptionsBuilder<State>(State);

        impl RegexTokenizerOptionsBuilder<()> {
            /// Setter for the [`delim_regex_pattern` field](RegexTokenizerOptions#structfield.delim_regex_pattern).
            #[inline]
            #[allow(clippy::type_complexity)]
            pub fn delim_regex_pattern<T0>(self, value: T0) -> RegexTokenizerOptionsBuilder<(T0,)>
            where
                T0: ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>,
            {
                RegexTokenizerOptionsBuilder((value,))
            }

            /// Sets the [`delim_regex_pattern` field](RegexTokenizerOptions#structfield.delim_regex_pattern) to null.
            #[inline]
            #[allow(clippy::type_complexity)]
            pub fn delim_regex_pattern_as_null(self) -> RegexTokenizerOptionsBuilder<((),)> {
                self.delim_regex_pattern(())
            }
        }

        impl<T0> RegexTokenizerOptionsBuilder<(T0,)> {
            /// Setter for the [`vocab_file` field](RegexTokenizerOptions#structfield.vocab_file).
            #[inline]
            #[allow(clippy::type_complexity)]
            pub fn vocab_file<T1>(self, value: T1) -> RegexTokenizerOptionsBuilder<(T0, T1)>
            where
                T1: ::planus::WriteAsOptional<
                    ::planus::Offset<[::planus::Offset<self::AssociatedFile>]>,
                >,
            {
                let (v0,) = self.0;
                RegexTokenizerOptionsBuilder((v0, value))
            }

            /// Sets the [`vocab_file` field](RegexTokenizerOptions#structfield.vocab_file) to null.
            #[inline]
            #[allow(clippy::type_complexity)]
            pub fn vocab_file_as_null(self) -> RegexTokenizerOptionsBuilder<(T0, ())> {
                self.vocab_file(())
            }
        }

        impl<T0, T1> RegexTokenizerOptionsBuilder<(T0, T1)> {
            /// Finish writing the builder to get an [Offset](::planus::Offset) to a serialized [RegexTokenizerOptions].
            #[inline]
            pub fn finish(
                self,
                builder: &mut ::planus::Builder,
            ) -> ::planus::Offset<RegexTokenizerOptions>
            where
                Self: ::planus::WriteAsOffset<RegexTokenizerOptions>,
            {
                ::planus::WriteAsOffset::prepare(&self, builder)
            }
        }

        impl<
                T0: ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>,
                T1: ::planus::WriteAsOptional<
                    ::planus::Offset<[::planus::Offset<self::AssociatedFile>]>,
                >,
            > ::planus::WriteAs<::planus::Offset<RegexTokenizerOptions>>
            for RegexTokenizerOptionsBuilder<(T0, T1)>
        {
            type Prepared = ::planus::Offset<RegexTokenizerOptions>;

            #[inline]
            fn prepare(
                &self,
                builder: &mut ::planus::Builder,
            ) -> ::planus::Offset<RegexTokenizerOptions> {
                ::planus::WriteAsOffset::prepare(self, builder)
            }
        }

        impl<
                T0: ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>,
                T1: ::planus::WriteAsOptional<
                    ::planus::Offset<[::planus::Offset<self::AssociatedFile>]>,
                >,
            > ::planus::WriteAsOptional<::planus::Offset<RegexTokenizerOptions>>
            for RegexTokenizerOptionsBuilder<(T0, T1)>
        {
            type Prepared = ::planus::Offset<RegexTokenizerOptions>;

            #[inline]
            fn prepare(
                &self,
                builder: &mut ::planus::Builder,
            ) -> ::core::option::Option<::planus::Offset<RegexTokenizerOptions>> {
                ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
            }
        }

        impl<
                T0: ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>,
                T1: ::planus::WriteAsOptional<
                    ::planus::Offset<[::planus::Offset<self::AssociatedFile>]>,
                >,
            > ::planus::WriteAsOffset<RegexTokenizerOptions>
            for RegexTokenizerOptionsBuilder<(T0, T1)>
        {
            #[inline]
            fn prepare(
                &self,
                builder: &mut ::planus::Builder,
            ) -> ::planus::Offset<RegexTokenizerOptions> {
                let (v0, v1) = &self.0;
                RegexTokenizerOptions::create(builder, v0, v1)
            }
        }

        /// Reference to a deserialized [RegexTokenizerOptions].
        #[derive(Copy, Clone)]
        pub struct RegexTokenizerOptionsRef<'a>(
            #[allow(dead_code)] ::planus::table_reader::Table<'a>,
        );

        impl<'a> RegexTokenizerOptionsRef<'a> {
            /// Getter for the [`delim_regex_pattern` field](RegexTokenizerOptions#structfield.delim_regex_pattern).
            #[inline]
            pub fn delim_regex_pattern(
                &self,
            ) -> ::planus::Result<::core::option::Option<&'a ::core::primitive::str>> {
                self.0
                    .access(0, "RegexTokenizerOptions", "delim_regex_pattern")
            }

            /// Getter for the [`vocab_file` field](RegexTokenizerOptions#structfield.vocab_file).
            #[inline]
            pub fn vocab_file(
                &self,
            ) -> ::planus::Result<
                ::core::option::Option<
                    ::planus::Vector<'a, ::planus::Result<self::AssociatedFileRef<'a>>>,
                >,
            > {
                self.0.access(1, "RegexTokenizerOptions", "vocab_file")
            }
        }

        impl<'a> ::core::fmt::Debug for RegexTokenizerOptionsRef<'a> {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                let mut f = f.debug_struct("RegexTokenizerOptionsRef");
                if let ::core::option::Option::Some(field_delim_regex_pattern) =
                    self.delim_regex_pattern().transpose()
                {
                    f.field("delim_regex_pattern", &field_delim_regex_pattern);
                }
                if let ::core::option::Option::Some(field_vocab_file) =
                    self.vocab_file().transpose()
                {
                    f.field("vocab_file", &field_vocab_file);
                }
                f.finish()
            }
        }

        impl<'a> ::core::convert::TryFrom<RegexTokenizerOptionsRef<'a>> for RegexTokenizerOptions {
            type Error = ::planus::Error;

            #[allow(unreachable_code)]
            fn try_from(value: RegexTokenizerOptionsRef<'a>) -> ::planus::Result<Self> {
                ::core::result::Result::Ok(Self {
                    delim_regex_pattern: value
                        .delim_regex_pattern()?
                        .map(::core::convert::Into::into),
                    vocab_file: if let ::core::option::Option::Some(vocab_file) =
                        value.vocab_file()?
                    {
                        ::core::option::Option::Some(vocab_file.to_vec_result()?)
                    } else {
                        ::core::option::Option::None
                    },
                })
            }
        }

        impl<'a> ::planus::TableRead<'a> for RegexTokenizerOptionsRef<'a> {
            #[inline]
            fn from_buffer(
                buffer: ::planus::SliceWithStartOffset<'a>,
                offset: usize,
            ) -> ::core::result::Result<Self, ::planus::errors::ErrorKind> {
                ::core::result::Result::Ok(Self(::planus::table_reader::Table::from_buffer(
                    buffer, offset,
                )?))
            }
        }

        impl<'a> ::planus::VectorReadInner<'a> for RegexTokenizerOptionsRef<'a> {
            type Error = ::planus::Error;
            const STRIDE: usize = 4;

            unsafe fn from_buffer(
                buffer: ::planus::SliceWithStartOffset<'a>,
                offset: usize,
            ) -> ::planus::Result<Self> {
                ::planus::TableRead::from_buffer(buffer, offset).map_err(|error_kind| {
                    error_kind.with_error_location(
                        "[RegexTokenizerOptionsRef]",
                        "get",
                        buffer.offset_from_start,
                    )
                })
            }
        }

        /// # Safety
        /// The planus compiler generates implementations that initialize
        /// the bytes in `write_values`.
        unsafe impl ::planus::VectorWrite<::planus::Offset<RegexTokenizerOptions>>
            for RegexTokenizerOptions
        {
            type Value = ::planus::Offset<RegexTokenizerOptions>;
            const STRIDE: usize = 4;
            #[inline]
            fn prepare(&self, builder: &mut ::planus::Builder) -> Self::Value {
                ::planus::WriteAs::prepare(self, builder)
            }

            #[inline]
            unsafe fn write_values(
                values: &[::planus::Offset<RegexTokenizerOptions>],
                bytes: *mut ::core::mem::MaybeUninit<u8>,
                buffer_position: u32,
            ) {
                let bytes = bytes as *mut [::core::mem::MaybeUninit<u8>; 4];
                for (i, v) in ::core::iter::Iterator::enumerate(values.iter()) {
                    ::planus::WriteAsPrimitive::write(
                        v,
                        ::planus::Cursor::new(unsafe { &mut *bytes.add(i) }),
                        buffer_position - (Self::STRIDE * i) as u32,
                    );
                }
            }
        }

        impl<'a> ::planus::ReadAsRoot<'a> for RegexTokenizerOptionsRef<'a> {
            fn read_as_root(slice: &'a [u8]) -> ::planus::Result<Self> {
                ::planus::TableRead::from_buffer(
                    ::planus::SliceWithStartOffset {
                        buffer: slice,
                        offset_from_start: 0,
                    },
                    0,
                )
                .map_err(|error_kind| {
                    error_kind.with_error_location("[RegexTokenizerOptionsRef]", "read_as_root", 0)
                })
            }
        }

        /// The union `ProcessUnitOptions` in the namespace `tflite`
        ///
        /// Generated from these locations:
        /// * Union `ProcessUnitOptions` in the file `metadata_schema.fbs:511`
        #[derive(Clone, Debug, PartialEq, PartialOrd, ::serde::Serialize, ::serde::Deserialize)]
        pub enum ProcessUnitOptions {
            /// The variant of type `NormalizationOptions` in the union `ProcessUnitOptions`
            NormalizationOptions(::planus::alloc::boxed::Box<self::NormalizationOptions>),

            /// The variant of type `ScoreCalibrationOptions` in the union `ProcessUnitOptions`
            ScoreCalibrationOptions(::planus::alloc::boxed::Box<self::ScoreCalibrationOptions>),

            /// The variant of type `ScoreThresholdingOptions` in the union `ProcessUnitOptions`
            ScoreThresholdingOptions(::planus::alloc::boxed::Box<self::ScoreThresholdingOptions>),

            /// The variant of type `BertTokenizerOptions` in the union `ProcessUnitOptions`
            BertTokenizerOptions(::planus::alloc::boxed::Box<self::BertTokenizerOptions>),

            /// The variant of type `SentencePieceTokenizerOptions` in the union `ProcessUnitOptions`
            SentencePieceTokenizerOptions(
                ::planus::alloc::boxed::Box<self::SentencePieceTokenizerOptions>,
            ),

            /// The variant of type `RegexTokenizerOptions` in the union `ProcessUnitOptions`
            RegexTokenizerOptions(::planus::alloc::boxed::Box<self::RegexTokenizerOptions>),
        }

        impl ProcessUnitOptions {
            /// Creates a [ProcessUnitOptionsBuilder] for serializing an instance of this table.
            #[inline]
            pub fn builder() -> ProcessUnitOptionsBuilder<::planus::Uninitialized> {
                ProcessUnitOptionsBuilder(::planus::Uninitialized)
            }

            #[inline]
            pub fn create_normalization_options(
                builder: &mut ::planus::Builder,
                value: impl ::planus::WriteAsOffset<self::NormalizationOptions>,
            ) -> ::planus::UnionOffset<Self> {
                ::planus::UnionOffset::new(1, value.prepare(builder).downcast())
            }

            #[inline]
            pub fn create_score_calibration_options(
                builder: &mut ::planus::Builder,
                value: impl ::planus::WriteAsOffset<self::ScoreCalibrationOptions>,
            ) -> ::planus::UnionOffset<Self> {
                ::planus::UnionOffset::new(2, value.prepare(builder).downcast())
            }

            #[inline]
            pub fn create_score_thresholding_options(
                builder: &mut ::planus::Builder,
                value: impl ::planus::WriteAsOffset<self::ScoreThresholdingOptions>,
            ) -> ::planus::UnionOffset<Self> {
                ::planus::UnionOffset::new(3, value.prepare(builder).downcast())
            }

            #[inline]
            pub fn create_bert_tokenizer_options(
                builder: &mut ::planus::Builder,
                value: impl ::planus::WriteAsOffset<self::BertTokenizerOptions>,
            ) -> ::planus::UnionOffset<Self> {
                ::planus::UnionOffset::new(4, value.prepare(builder).downcast())
            }

            #[inline]
            pub fn create_sentence_piece_tokenizer_options(
                builder: &mut ::planus::Builder,
                value: impl ::planus::WriteAsOffset<self::SentencePieceTokenizerOptions>,
            ) -> ::planus::UnionOffset<Self> {
                ::planus::UnionOffset::new(5, value.prepare(builder).downcast())
            }

            #[inline]
            pub fn create_regex_tokenizer_options(
                builder: &mut ::planus::Builder,
                value: impl ::planus::WriteAsOffset<self::RegexTokenizerOptions>,
            ) -> ::planus::UnionOffset<Self> {
                ::planus::UnionOffset::new(6, value.prepare(builder).downcast())
            }
        }

        impl ::planus::WriteAsUnion<ProcessUnitOptions> for ProcessUnitOptions {
            #[inline]
            fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::UnionOffset<Self> {
                match self {
                    Self::NormalizationOptions(value) => {
                        Self::create_normalization_options(builder, value)
                    }
                    Self::ScoreCalibrationOptions(value) => {
                        Self::create_score_calibration_options(builder, value)
                    }
                    Self::ScoreThresholdingOptions(value) => {
                        Self::create_score_thresholding_options(builder, value)
                    }
                    Self::BertTokenizerOptions(value) => {
                        Self::create_bert_tokenizer_options(builder, value)
                    }
                    Self::SentencePieceTokenizerOptions(value) => {
                        Self::create_sentence_piece_tokenizer_options(builder, value)
                    }
                    Self::RegexTokenizerOptions(value) => {
                        Self::create_regex_tokenizer_options(builder, value)
                    }
                }
            }
        }

        impl ::planus::WriteAsOptionalUnion<ProcessUnitOptions> for ProcessUnitOptions {
            #[inline]
            fn prepare(
                &self,
                builder: &mut ::planus::Builder,
            ) -> ::core::option::Option<::planus::UnionOffset<Self>> {
                ::core::option::Option::Some(::planus::WriteAsUnion::prepare(self, builder))
            }
        }

        /// Builder for serializing an instance of the [ProcessUnitOptions] type.
        ///
        /// Can be created using the [ProcessUnitOptions::builder] method.
        #[derive(Debug)]
        #[must_use]
        pub struct ProcessUnitOptionsBuilder<T>(T);

        impl ProcessUnitOptionsBuilder<::planus::Uninitialized> {
            /// Creates an instance of the [`NormalizationOptions` variant](ProcessUnitOptions#variant.NormalizationOptions).
            #[inline]
            pub fn normalization_options<T>(
                self,
                value: T,
            ) -> ProcessUnitOptionsBuilder<::planus::Initialized<1, T>>
            where
                T: ::planus::WriteAsOffset<self::NormalizationOptions>,
            {
                ProcessUnitOptionsBuilder(::planus::Initialized(value))
            }

            /// Creates an instance of the [`ScoreCalibrationOptions` variant](ProcessUnitOptions#variant.ScoreCalibrationOptions).
            #[inline]
            pub fn score_calibration_options<T>(
                self,
                value: T,
            ) -> ProcessUnitOptionsBuilder<::planus::Initialized<2, T>>
            where
                T: ::planus::WriteAsOffset<self::ScoreCalibrationOptions>,
            {
                ProcessUnitOptionsBuilder(::planus::Initialized(value))
            }

            /// Creates an instance of the [`ScoreThresholdingOptions` variant](ProcessUnitOptions#variant.ScoreThresholdingOptions).
            #[inline]
            pub fn score_thresholding_options<T>(
                self,
                value: T,
            ) -> ProcessUnitOptionsBuilder<::planus::Initialized<3, T>>
            where
                T: ::planus::WriteAsOffset<self::ScoreThresholdingOptions>,
            {
                ProcessUnitOptionsBuilder(::planus::Initialized(value))
            }

            /// Creates an instance of the [`BertTokenizerOptions` variant](ProcessUnitOptions#variant.BertTokenizerOptions).
            #[inline]
            pub fn bert_tokenizer_options<T>(
                self,
                value: T,
            ) -> ProcessUnitOptionsBuilder<::planus::Initialized<4, T>>
            where
                T: ::planus::WriteAsOffset<self::BertTokenizerOptions>,
            {
                ProcessUnitOptionsBuilder(::planus::Initialized(value))
            }

            /// Creates an instance of the [`SentencePieceTokenizerOptions` variant](ProcessUnitOptions#variant.SentencePieceTokenizerOptions).
            #[inline]
            pub fn sentence_piece_tokenizer_options<T>(
                self,
                value: T,
            ) -> ProcessUnitOptionsBuilder<::planus::Initialized<5, T>>
            where
                T: ::planus::WriteAsOffset<self::SentencePieceTokenizerOptions>,
            {
                ProcessUnitOptionsBuilder(::planus::Initialized(value))
            }

            /// Creates an instance of the [`RegexTokenizerOptions` variant](ProcessUnitOptions#variant.RegexTokenizerOptions).
            #[inline]
            pub fn regex_tokenizer_options<T>(
                self,
                value: T,
            ) -> ProcessUnitOptionsBuilder<::planus::Initialized<6, T>>
            where
                T: ::planus::WriteAsOffset<self::RegexTokenizerOptions>,
            {
                ProcessUnitOptionsBuilder(::planus::Initialized(value))
            }
        }

        impl<const N: u8, T> ProcessUnitOptionsBuilder<::planus::Initialized<N, T>> {
            /// Finish writing the builder to get an [UnionOffset](::planus::UnionOffset) to a serialized [ProcessUnitOptions].
            #[inline]
            pub fn finish(
                self,
                builder: &mut ::planus::Builder,
            ) -> ::planus::UnionOffset<ProcessUnitOptions>
            where
                Self: ::planus::WriteAsUnion<ProcessUnitOptions>,
            {
                ::planus::WriteAsUnion::prepare(&self, builder)
            }
        }

        impl<T> ::planus::WriteAsUnion<ProcessUnitOptions>
            for ProcessUnitOptionsBuilder<::planus::Initialized<1, T>>
        where
            T: ::planus::WriteAsOffset<self::NormalizationOptions>,
        {
            #[inline]
            fn prepare(
                &self,
                builder: &mut ::planus::Builder,
            ) -> ::planus::UnionOffset<ProcessUnitOptions> {
                ::planus::UnionOffset::new(1, (self.0).0.prepare(builder).downcast())
            }
        }

        impl<T> ::planus::WriteAsOptionalUnion<ProcessUnitOptions>
            for ProcessUnitOptionsBuilder<::planus::Initialized<1, T>>
        where
            T: ::planus::WriteAsOffset<self::NormalizationOptions>,
        {
            #[inline]
            fn prepare(
                &self,
                builder: &mut ::planus::Builder,
            ) -> ::core::option::Option<::planus::UnionOffset<ProcessUnitOptions>> {
                ::core::option::Option::Some(::planus::WriteAsUnion::prepare(self, builder))
            }
        }
        impl<T> ::planus::WriteAsUnion<ProcessUnitOptions>
            for ProcessUnitOptionsBuilder<::planus::Initialized<2, T>>
        where
            T: ::planus::WriteAsOffset<self::ScoreCalibrationOptions>,
        {
            #[inline]
            fn prepare(
                &self,
                builder: &mut ::planus::Builder,
            ) -> ::planus::UnionOffset<ProcessUnitOptions> {
                ::planus::UnionOffset::new(2, (self.0).0.prepare(builder).downcast())
            }
        }

        impl<T> ::planus::WriteAsOptionalUnion<ProcessUnitOptions>
            for ProcessUnitOptionsBuilder<::planus::Initialized<2, T>>
        where
            T: ::planus::WriteAsOffset<self::ScoreCalibrationOptions>,
        {
            #[inline]
            fn prepare(
                &self,
                builder: &mut ::planus::Builder,
            ) -> ::core::option::Option<::planus::UnionOffset<ProcessUnitOptions>> {
                ::core::option::Option::Some(::planus::WriteAsUnion::prepare(self, builder))
            }
        }
        impl<T> ::planus::WriteAsUnion<ProcessUnitOptions>
            for ProcessUnitOptionsBuilder<::planus::Initialized<3, T>>
        where
            T: ::planus::WriteAsOffset<self::ScoreThresholdingOptions>,
        {
            #[inline]
            fn prepare(
                &self,
                builder: &mut ::planus::Builder,
            ) -> ::planus::UnionOffset<ProcessUnitOptions> {
                ::planus::UnionOffset::new(3, (self.0).0.prepare(builder).downcast())
            }
        }

        impl<T> ::planus::WriteAsOptionalUnion<ProcessUnitOptions>
            for ProcessUnitOptionsBuilder<::planus::Initialized<3, T>>
        where
            T: ::planus::WriteAsOffset<self::ScoreThresholdingOptions>,
        {
            #[inline]
            fn prepare(
                &self,
                builder: &mut ::planus::Builder,
            ) -> ::core::option::Option<::planus::UnionOffset<ProcessUnitOptions>> {
                ::core::option::Option::Some(::planus::WriteAsUnion::prepare(self, builder))
            }
        }
        impl<T> ::planus::WriteAsUnion<ProcessUnitOptions>
            for ProcessUnitOptionsBuilder<::planus::Initialized<4, T>>
        where
            T: ::planus::WriteAsOffset<self::BertTokenizerOptions>,
        {
            #[inline]
            fn prepare(
                &self,
                builder: &mut ::planus::Builder,
            ) -> ::planus::UnionOffset<ProcessUnitOptions> {
                ::planus::UnionOffset::new(4, (self.0).0.prepare(builder).downcast())
            }
        }

        impl<T> ::planus::WriteAsOptionalUnion<ProcessUnitOptions>
            for ProcessUnitOptionsBuilder<::planus::Initialized<4, T>>
        where
            T: ::planus::WriteAsOffset<self::BertTokenizerOptions>,
        {
            #[inline]
            fn prepare(
                &self,
                builder: &mut ::planus::Builder,
            ) -> ::core::option::Option<::planus::UnionOffset<ProcessUnitOptions>> {
                ::core::option::Option::Some(::planus::WriteAsUnion::prepare(self, builder))
            }
        }
        impl<T> ::planus::WriteAsUnion<ProcessUnitOptions>
            for ProcessUnitOptionsBuilder<::planus::Initialized<5, T>>
        where
            T: ::planus::WriteAsOffset<self::SentencePieceTokenizerOptions>,
        {
            #[inline]
            fn prepare(
                &self,
                builder: &mut ::planus::Builder,
            ) -> ::planus::UnionOffset<ProcessUnitOptions> {
                ::planus::UnionOffset::new(5, (self.0).0.prepare(builder).downcast())
            }
        }

        impl<T> ::planus::WriteAsOptionalUnion<ProcessUnitOptions>
            for ProcessUnitOptionsBuilder<::planus::Initialized<5, T>>
        where
            T: ::planus::WriteAsOffset<self::SentencePieceTokenizerOptions>,
        {
            #[inline]
            fn prepare(
                &self,
                builder: &mut ::planus::Builder,
            ) -> ::core::option::Option<::planus::UnionOffset<ProcessUnitOptions>> {
                ::core::option::Option::Some(::planus::WriteAsUnion::prepare(self, builder))
            }
        }
        impl<T> ::planus::WriteAsUnion<ProcessUnitOptions>
            for ProcessUnitOptionsBuilder<::planus::Initialized<6, T>>
        where
            T: ::planus::WriteAsOffset<self::RegexTokenizerOptions>,
        {
            #[inline]
            fn prepare(
                &self,
                builder: &mut ::planus::Builder,
            ) -> ::planus::UnionOffset<ProcessUnitOptions> {
                ::planus::UnionOffset::new(6, (self.0).0.prepare(builder).downcast())
            }
        }

        impl<T> ::planus::WriteAsOptionalUnion<ProcessUnitOptions>
            for ProcessUnitOptionsBuilder<::planus::Initialized<6, T>>
        where
            T: ::planus::WriteAsOffset<self::RegexTokenizerOptions>,
        {
            #[inline]
            fn prepare(
                &self,
                builder: &mut ::planus::Builder,
            ) -> ::core::option::Option<::planus::UnionOffset<ProcessUnitOptions>> {
                ::core::option::Option::Some(::planus::WriteAsUnion::prepare(self, builder))
            }
        }

        /// Reference to a deserialized [ProcessUnitOptions].
        #[derive(Copy, Clone, Debug)]
        pub enum ProcessUnitOptionsRef<'a> {
            NormalizationOptions(self::NormalizationOptionsRef<'a>),
            ScoreCalibrationOptions(self::ScoreCalibrationOptionsRef<'a>),
            ScoreThresholdingOptions(self::ScoreThresholdingOptionsRef<'a>),
            BertTokenizerOptions(self::BertTokenizerOptionsRef<'a>),
            SentencePieceTokenizerOptions(self::SentencePieceTokenizerOptionsRef<'a>),
            RegexTokenizerOptions(self::RegexTokenizerOptionsRef<'a>),
        }

        impl<'a> ::core::convert::TryFrom<ProcessUnitOptionsRef<'a>> for ProcessUnitOptions {
            type Error = ::planus::Error;

            fn try_from(value: ProcessUnitOptionsRef<'a>) -> ::planus::Result<Self> {
                ::core::result::Result::Ok(match value {
                    ProcessUnitOptionsRef::NormalizationOptions(value) => {
                        Self::NormalizationOptions(::planus::alloc::boxed::Box::new(
                            ::core::convert::TryFrom::try_from(value)?,
                        ))
                    }

                    ProcessUnitOptionsRef::ScoreCalibrationOptions(value) => {
                        Self::ScoreCalibrationOptions(::planus::alloc::boxed::Box::new(
                            ::core::convert::TryFrom::try_from(value)?,
                        ))
                    }

                    ProcessUnitOptionsRef::ScoreThresholdingOptions(value) => {
                        Self::ScoreThresholdingOptions(::planus::alloc::boxed::Box::new(
                            ::core::convert::TryFrom::try_from(value)?,
                        ))
                    }

                    ProcessUnitOptionsRef::BertTokenizerOptions(value) => {
                        Self::BertTokenizerOptions(::planus::alloc::boxed::Box::new(
                            ::core::convert::TryFrom::try_from(value)?,
                        ))
                    }

                    ProcessUnitOptionsRef::SentencePieceTokenizerOptions(value) => {
                        Self::SentencePieceTokenizerOptions(::planus::alloc::boxed::Box::new(
                            ::core::convert::TryFrom::try_from(value)?,
                        ))
                    }

                    ProcessUnitOptionsRef::RegexTokenizerOptions(value) => {
                        Self::RegexTokenizerOptions(::planus::alloc::boxed::Box::new(
                            ::core::convert::TryFrom::try_from(value)?,
                        ))
                    }
                })
            }
        }

        impl<'a> ::planus::TableReadUnion<'a> for ProcessUnitOptionsRef<'a> {
            fn from_buffer(
                buffer: ::planus::SliceWithStartOffset<'a>,
                tag: u8,
                field_offset: usize,
            ) -> ::core::result::Result<Self, ::planus::errors::ErrorKind> {
                match tag {
                    1 => ::core::result::Result::Ok(Self::NormalizationOptions(
                        ::planus::TableRead::from_buffer(buffer, field_offset)?,
                    )),
                    2 => ::core::result::Result::Ok(Self::ScoreCalibrationOptions(
                        ::planus::TableRead::from_buffer(buffer, field_offset)?,
                    )),
                    3 => ::core::result::Result::Ok(Self::ScoreThresholdingOptions(
                        ::planus::TableRead::from_buffer(buffer, field_offset)?,
                    )),
                    4 => ::core::result::Result::Ok(Self::BertTokenizerOptions(
                        ::planus::TableRead::from_buffer(buffer, field_offset)?,
                    )),
                    5 => ::core::result::Result::Ok(Self::SentencePieceTokenizerOptions(
                        ::planus::TableRead::from_buffer(buffer, field_offset)?,
                    )),
                    6 => ::core::result::Result::Ok(Self::RegexTokenizerOptions(
                        ::planus::TableRead::from_buffer(buffer, field_offset)?,
                    )),
                    _ => {
                        ::core::result::Result::Err(::planus::errors::ErrorKind::UnknownUnionTag {
                            tag,
                        })
                    }
                }
            }
        }

        impl<'a> ::planus::VectorReadUnion<'a> for ProcessUnitOptionsRef<'a> {
            const VECTOR_NAME: &'static str = "[ProcessUnitOptionsRef]";
        }

        /// The table `ProcessUnit` in the namespace `tflite`
        ///
        /// Generated from these locations:
        /// * Table `ProcessUnit` in the file `metadata_schema.fbs:524`
        #[derive(Clone, Debug, PartialEq, PartialOrd, ::serde::Serialize, ::serde::Deserialize)]
        pub struct ProcessUnit {
            /// The field `options` in the table `ProcessUnit`
            pub options: ::core::option::Option<self::ProcessUnitOptions>,
        }

        #[allow(clippy::derivable_impls)]
        impl ::core::default::Default for ProcessUnit {
            fn default() -> Self {
                Self {
                    options: ::core::default::Default::default(),
                }
            }
        }

        impl ProcessUnit {
            /// Creates a [ProcessUnitBuilder] for serializing an instance of this table.
            #[inline]
            pub fn builder() -> ProcessUnitBuilder<()> {
                ProcessUnitBuilder(())
            }

            #[allow(clippy::too_many_arguments)]
            pub fn create(
                builder: &mut ::planus::Builder,
                field_options: impl ::planus::WriteAsOptionalUnion<self::ProcessUnitOptions>,
            ) -> ::planus::Offset<Self> {
                let prepared_options = field_options.prepare(builder);

                let mut table_writer: ::planus::table_writer::TableWriter<8> =
                    ::core::default::Default::default();
                if prepared_options.is_some() {
                    table_writer.write_entry::<::planus::Offset<self::ProcessUnitOptions>>(1);
                }
                if prepared_options.is_some() {
                    table_writer.write_entry::<u8>(0);
                }

                unsafe {
                    table_writer.finish(builder, |object_writer| {
                        if let ::core::option::Option::Some(prepared_options) = prepared_options {
                            object_writer.write::<_, _, 4>(&prepared_options.offset());
                        }
                        if let ::core::option::Option::Some(prepared_options) = prepared_options {
                            object_writer.write::<_, _, 1>(&prepared_options.tag());
                        }
                    });
                }
                builder.current_offset()
            }
        }

        impl ::planus::WriteAs<::planus::Offset<ProcessUnit>> for ProcessUnit {
            type Prepared = ::planus::Offset<Self>;

            #[inline]
            fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<ProcessUnit> {
                ::planus::WriteAsOffset::prepare(self, builder)
            }
        }

        impl ::planus::WriteAsOptional<::planus::Offset<ProcessUnit>> for ProcessUnit {
            type Prepared = ::planus::Offset<Self>;

            #[inline]
            fn prepare(
                &self,
                builder: &mut ::planus::Builder,
            ) -> ::core::option::Option<::planus::Offset<ProcessUnit>> {
                ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
            }
        }

        impl ::planus::WriteAsOffset<ProcessUnit> for ProcessUnit {
            #[inline]
            fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<ProcessUnit> {
                ProcessUnit::create(builder, &self.options)
            }
        }

        /// Builder for serializing an instance of the [ProcessUnit] type.
        ///
        /// Can be created using the [ProcessUnit::builder] method.
        #[derive(Debug)]
        #[must_use]
        pub struct ProcessUnitBuilder<State>(State);

        impl ProcessUnitBuilder<()> {
            /// Setter for the [`options` field](ProcessUnit#structfield.options).
            #[inline]
            #[allow(clippy::type_complexity)]
            pub fn options<T0>(self, value: T0) -> ProcessUnitBuilder<(T0,)>
            where
                T0: ::planus::WriteAsOptionalUnion<self::ProcessUnitOptions>,
            {
                ProcessUnitBuilder((value,))
            }

            /// Sets the [`options` field](ProcessUnit#structfield.options) to null.
            #[inline]
            #[allow(clippy::type_complexity)]
            pub fn options_as_null(self) -> ProcessUnitBuilder<((),)> {
                self.options(())
            }
        }

        impl<T0> ProcessUnitBuilder<(T0,)> {
            /// Finish writing the builder to get an [Offset](::planus::Offset) to a serialized [ProcessUnit].
            #[inline]
            pub fn finish(self, builder: &mut ::planus::Builder) -> ::planus::Offset<ProcessUnit>
            where
                Self: ::planus::WriteAsOffset<ProcessUnit>,
            {
                ::planus::WriteAsOffset::prepare(&self, builder)
            }
        }

        impl<T0: ::planus::WriteAsOptionalUnion<self::ProcessUnitOptions>>
            ::planus::WriteAs<::planus::Offset<ProcessUnit>> for ProcessUnitBuilder<(T0,)>
        {
            type Prepared = ::planus::Offset<ProcessUnit>;

            #[inline]
            fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<ProcessUnit> {
                ::planus::WriteAsOffset::prepare(self, builder)
            }
        }

        impl<T0: ::planus::WriteAsOptionalUnion<self::ProcessUnitOptions>>
            ::planus::WriteAsOptional<::planus::Offset<ProcessUnit>> for ProcessUnitBuilder<(T0,)>
        {
            type Prepared = ::planus::Offset<ProcessUnit>;

            #[inline]
            fn prepare(
                &self,
                builder: &mut ::planus::Builder,
            ) -> ::core::option::Option<::planus::Offset<ProcessUnit>> {
                ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
            }
        }

        impl<T0: ::planus::WriteAsOptionalUnion<self::ProcessUnitOptions>>
            ::planus::WriteAsOffset<ProcessUnit> for ProcessUnitBuilder<(T0,)>
        {
            #[inline]
            fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<ProcessUnit> {
                let (v0,) = &self.0;
                ProcessUnit::create(builder, v0)
            }
        }

        /// Reference to a deserialized [ProcessUnit].
        #[derive(Copy, Clone)]
        pub struct ProcessUnitRef<'a>(#[allow(dead_code)] ::planus::table_reader::Table<'a>);

        impl<'a> ProcessUnitRef<'a> {
            /// Getter for the [`options` field](ProcessUnit#structfield.options).
            #[inline]
            pub fn options(
                &self,
            ) -> ::planus::Result<::core::option::Option<self::ProcessUnitOptionsRef<'a>>>
            {
                self.0.access_union(0, "ProcessUnit", "options")
            }
        }

        impl<'a> ::core::fmt::Debug for ProcessUnitRef<'a> {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                let mut f = f.debug_struct("ProcessUnitRef");
                if let ::core::option::Option::Some(field_options) = self.options().transpose() {
                    f.field("options", &field_options);
                }
                f.finish()
            }
        }

        impl<'a> ::core::convert::TryFrom<ProcessUnitRef<'a>> for ProcessUnit {
            type Error = ::planus::Error;

            #[allow(unreachable_code)]
            fn try_from(value: ProcessUnitRef<'a>) -> ::planus::Result<Self> {
                ::core::result::Result::Ok(Self {
                    options: if let ::core::option::Option::Some(options) = value.options()? {
                        ::core::option::Option::Some(::core::convert::TryInto::try_into(options)?)
                    } else {
                        ::core::option::Option::None
                    },
                })
            }
        }

        impl<'a> ::planus::TableRead<'a> for ProcessUnitRef<'a> {
            #[inline]
            fn from_buffer(
                buffer: ::planus::SliceWithStartOffset<'a>,
                offset: usize,
            ) -> ::core::result::Result<Self, ::planus::errors::ErrorKind> {
                ::core::result::Result::Ok(Self(::planus::table_reader::Table::from_buffer(
                    buffer, offset,
                )?))
            }
        }

        impl<'a> ::planus::VectorReadInner<'a> for ProcessUnitRef<'a> {
            type Error = ::planus::Error;
            const STRIDE: usize = 4;

            unsafe fn from_buffer(
                buffer: ::planus::SliceWithStartOffset<'a>,
                offset: usize,
            ) -> ::planus::Result<Self> {
                ::planus::TableRead::from_buffer(buffer, offset).map_err(|error_kind| {
                    error_kind.with_error_location(
                        "[ProcessUnitRef]",
                        "get",
                        buffer.offset_from_start,
                    )
                })
            }
        }

        /// # Safety
        /// The planus compiler generates implementations that initialize
        /// the bytes in `write_values`.
        unsafe impl ::planus::VectorWrite<::planus::Offset<ProcessUnit>> for ProcessUnit {
            type Value = ::planus::Offset<ProcessUnit>;
            const STRIDE: usize = 4;
            #[inline]
            fn prepare(&self, builder: &mut ::planus::Builder) -> Self::Value {
                ::planus::WriteAs::prepare(self, builder)
            }

            #[inline]
            unsafe fn write_values(
                values: &[::planus::Offset<ProcessUnit>],
                bytes: *mut ::core::mem::MaybeUninit<u8>,
                buffer_position: u32,
            ) {
                let bytes = bytes as *mut [::core::mem::MaybeUninit<u8>; 4];
                for (i, v) in ::core::iter::Iterator::enumerate(values.iter()) {
                    ::planus::WriteAsPrimitive::write(
                        v,
                        ::planus::Cursor::new(unsafe { &mut *bytes.add(i) }),
                        buffer_position - (Self::STRIDE * i) as u32,
                    );
                }
            }
        }

        impl<'a> ::planus::ReadAsRoot<'a> for ProcessUnitRef<'a> {
            fn read_as_root(slice: &'a [u8]) -> ::planus::Result<Self> {
                ::planus::TableRead::from_buffer(
                    ::planus::SliceWithStartOffset {
                        buffer: slice,
                        offset_from_start: 0,
                    },
                    0,
                )
                .map_err(|error_kind| {
                    error_kind.with_error_location("[ProcessUnitRef]", "read_as_root", 0)
                })
            }
        }

        /// The table `Stats` in the namespace `tflite`
        ///
        /// Generated from these locations:
        /// * Table `Stats` in the file `metadata_schema.fbs:530`
        #[derive(Clone, Debug, PartialEq, PartialOrd, ::serde::Serialize, ::serde::Deserialize)]
        pub struct Stats {
            /// The field `max` in the table `Stats`
            pub max: ::core::option::Option<::planus::alloc::vec::Vec<f32>>,
            /// The field `min` in the table `Stats`
            pub min: ::core::option::Option<::planus::alloc::vec::Vec<f32>>,
        }

        #[allow(clippy::derivable_impls)]
        impl ::core::default::Default for Stats {
            fn default() -> Self {
                Self {
                    max: ::core::default::Default::default(),
                    min: ::core::default::Default::default(),
                }
            }
        }

        impl Stats {
            /// Creates a [StatsBuilder] for serializing an instance of this table.
            #[inline]
            pub fn builder() -> StatsBuilder<()> {
                StatsBuilder(())
            }

            #[allow(clippy::too_many_arguments)]
            pub fn create(
                builder: &mut ::planus::Builder,
                field_max: impl ::planus::WriteAsOptional<::planus::Offset<[f32]>>,
                field_min: impl ::planus::WriteAsOptional<::planus::Offset<[f32]>>,
            ) -> ::planus::Offset<Self> {
                let prepared_max = field_max.prepare(builder);
                let prepared_min = field_min.prepare(builder);

                let mut table_writer: ::planus::table_writer::TableWriter<8> =
                    ::core::default::Default::default();
                if prepared_max.is_some() {
                    table_writer.write_entry::<::planus::Offset<[f32]>>(0);
                }
                if prepared_min.is_some() {
                    table_writer.write_entry::<::planus::Offset<[f32]>>(1);
                }

                unsafe {
                    table_writer.finish(builder, |object_writer| {
                        if let ::core::option::Option::Some(prepared_max) = prepared_max {
                            object_writer.write::<_, _, 4>(&prepared_max);
                        }
                        if let ::core::option::Option::Some(prepared_min) = prepared_min {
                            object_writer.write::<_, _, 4>(&prepared_min);
                        }
                    });
                }
                builder.current_offset()
            }
        }

        impl ::planus::WriteAs<::planus::Offset<Stats>> for Stats {
            type Prepared = ::planus::Offset<Self>;

            #[inline]
            fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<Stats> {
                ::planus::WriteAsOffset::prepare(self, builder)
            }
        }

        impl ::planus::WriteAsOptional<::planus::Offset<Stats>> for Stats {
            type Prepared = ::planus::Offset<Self>;

            #[inline]
            fn prepare(
                &self,
                builder: &mut ::planus::Builder,
            ) -> ::core::option::Option<::planus::Offset<Stats>> {
                ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
            }
        }

        impl ::planus::WriteAsOffset<Stats> for Stats {
            #[inline]
            fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<Stats> {
                Stats::create(builder, &self.max, &self.min)
            }
        }

        /// Builder for serializing an instance of the [Stats] type.
        ///
        /// Can be created using the [Stats::builder] method.
        #[derive(Debug)]
        #[must_use]
        pub struct StatsBuilder<State>(State);

        impl StatsBuilder<()> {
            /// Setter for the [`max` field](Stats#structfield.max).
            #[inline]
            #[allow(clippy::type_complexity)]
            pub fn max<T0>(self, value: T0) -> StatsBuilder<(T0,)>
            where
                T0: ::planus::WriteAsOptional<::planus::Offset<[f32]>>,
            {
                StatsBuilder((value,))
            }

            /// Sets the [`max` field](Stats#structfield.max) to null.
            #[inline]
            #[allow(clippy::type_complexity)]
            pub fn max_as_null(self) -> StatsBuilder<((),)> {
                self.max(())
            }
        }

        impl<T0> StatsBuilder<(T0,)> {
            /// Setter for the [`min` field](Stats#structfield.min).
            #[inline]
            #[allow(clippy::type_complexity)]
            pub fn min<T1>(self, value: T1) -> StatsBuilder<(T0, T1)>
            where
                T1: ::planus::WriteAsOptional<::planus::Offset<[f32]>>,
            {
                let (v0,) = self.0;
                StatsBuilder((v0, value))
            }

            /// Sets the [`min` field](Stats#structfield.min) to null.
            #[inline]
            #[allow(clippy::type_complexity)]
            pub fn min_as_null(self) -> StatsBuilder<(T0, ())> {
                self.min(())
            }
        }

        impl<T0, T1> StatsBuilder<(T0, T1)> {
            /// Finish writing the builder to get an [Offset](::planus::Offset) to a serialized [Stats].
            #[inline]
            pub fn finish(self, builder: &mut ::planus::Builder) -> ::planus::Offset<Stats>
            where
                Self: ::planus::WriteAsOffset<Stats>,
            {
                ::planus::WriteAsOffset::prepare(&self, builder)
            }
        }

        impl<
                T0: ::planus::WriteAsOptional<::planus::Offset<[f32]>>,
                T1: ::planus::WriteAsOptional<::planus::Offset<[f32]>>,
            > ::planus::WriteAs<::planus::Offset<Stats>> for StatsBuilder<(T0, T1)>
        {
            type Prepared = ::planus::Offset<Stats>;

            #[inline]
            fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<Stats> {
                ::planus::WriteAsOffset::prepare(self, builder)
            }
        }

        impl<
                T0: ::planus::WriteAsOptional<::planus::Offset<[f32]>>,
                T1: ::planus::WriteAsOptional<::planus::Offset<[f32]>>,
            > ::planus::WriteAsOptional<::planus::Offset<Stats>> for StatsBuilder<(T0, T1)>
        {
            type Prepared = ::planus::Offset<Stats>;

            #[inline]
            fn prepare(
                &self,
                builder: &mut ::planus::Builder,
            ) -> ::core::option::Option<::planus::Offset<Stats>> {
                ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
            }
        }

        impl<
                T0: ::planus::WriteAsOptional<::planus::Offset<[f32]>>,
                T1: ::planus::WriteAsOptional<::planus::Offset<[f32]>>,
            > ::planus::WriteAsOffset<Stats> for StatsBuilder<(T0, T1)>
        {
            #[inline]
            fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<Stats> {
                let (v0, v1) = &self.0;
                Stats::create(builder, v0, v1)
            }
        }

        /// Reference to a deserialized [Stats].
        #[derive(Copy, Clone)]
        pub struct StatsRef<'a>(#[allow(dead_code)] ::planus::table_reader::Table<'a>);

        impl<'a> StatsRef<'a> {
            /// Getter for the [`max` field](Stats#structfield.max).
            #[inline]
            pub fn max(
                &self,
            ) -> ::planus::Result<::core::option::Option<::planus::Vector<'a, f32>>> {
                self.0.access(0, "Stats", "max")
            }

            /// Getter for the [`min` field](Stats#structfield.min).
            #[inline]
            pub fn min(
                &self,
            ) -> ::planus::Result<::core::option::Option<::planus::Vector<'a, f32>>> {
                self.0.access(1, "Stats", "min")
            }
        }

        impl<'a> ::core::fmt::Debug for StatsRef<'a> {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                let mut f = f.debug_struct("StatsRef");
                if let ::core::option::Option::Some(field_max) = self.max().transpose() {
                    f.field("max", &field_max);
                }
                if let ::core::option::Option::Some(field_min) = self.min().transpose() {
                    f.field("min", &field_min);
                }
                f.finish()
            }
        }

        impl<'a> ::core::convert::TryFrom<StatsRef<'a>> for Stats {
            type Error = ::planus::Error;

            #[allow(unreachable_code)]
            fn try_from(value: StatsRef<'a>) -> ::planus::Result<Self> {
                ::core::result::Result::Ok(Self {
                    max: if let ::core::option::Option::Some(max) = value.max()? {
                        ::core::option::Option::Some(max.to_vec()?)
                    } else {
                        ::core::option::Option::None
                    },
                    min: if let ::core::option::Option::Some(min) = value.min()? {
                        ::core::option::Option::Some(min.to_vec()?)
                    } else {
                        ::core::option::Option::None
                    },
                })
            }
        }

        impl<'a> ::planus::TableRead<'a> for StatsRef<'a> {
            #[inline]
            fn from_buffer(
                buffer: ::planus::SliceWithStartOffset<'a>,
                offset: usize,
            ) -> ::core::result::Result<Self, ::planus::errors::ErrorKind> {
                ::core::result::Result::Ok(Self(::planus::table_reader::Table::from_buffer(
                    buffer, offset,
                )?))
            }
        }

        impl<'a> ::planus::VectorReadInner<'a> for StatsRef<'a> {
            type Error = ::planus::Error;
            const STRIDE: usize = 4;

            unsafe fn from_buffer(
                buffer: ::planus::SliceWithStartOffset<'a>,
                offset: usize,
            ) -> ::planus::Result<Self> {
                ::planus::TableRead::from_buffer(buffer, offset).map_err(|error_kind| {
                    error_kind.with_error_location("[StatsRef]", "get", buffer.offset_from_start)
                })
            }
        }

        /// # Safety
        /// The planus compiler generates implementations that initialize
        /// the bytes in `write_values`.
        unsafe impl ::planus::VectorWrite<::planus::Offset<Stats>> for Stats {
            type Value = ::planus::Offset<Stats>;
            const STRIDE: usize = 4;
            #[inline]
            fn prepare(&self, builder: &mut ::planus::Builder) -> Self::Value {
                ::planus::WriteAs::prepare(self, builder)
            }

            #[inline]
            unsafe fn write_values(
                values: &[::planus::Offset<Stats>],
                bytes: *mut ::core::mem::MaybeUninit<u8>,
                buffer_position: u32,
            ) {
                let bytes = bytes as *mut [::core::mem::MaybeUninit<u8>; 4];
                for (i, v) in ::core::iter::Iterator::enumerate(values.iter()) {
                    ::planus::WriteAsPrimitive::write(
                        v,
                        ::planus::Cursor::new(unsafe { &mut *bytes.add(i) }),
                        buffer_position - (Self::STRIDE * i) as u32,
                    );
                }
            }
        }

        impl<'a> ::planus::ReadAsRoot<'a> for StatsRef<'a> {
            fn read_as_root(slice: &'a [u8]) -> ::planus::Result<Self> {
                ::planus::TableRead::from_buffer(
                    ::planus::SliceWithStartOffset {
                        buffer: slice,
                        offset_from_start: 0,
                    },
                    0,
                )
                .map_err(|error_kind| {
                    error_kind.with_error_location("[StatsRef]", "read_as_root", 0)
                })
            }
        }

        /// The table `TensorGroup` in the namespace `tflite`
        ///
        /// Generated from these locations:
        /// * Table `TensorGroup` in the file `metadata_schema.fbs:555`
        #[derive(
            Clone,
            Debug,
            PartialEq,
            PartialOrd,
            Eq,
            Ord,
            Hash,
            ::serde::Serialize,
            ::serde::Deserialize,
        )]
        pub struct TensorGroup {
            /// The field `name` in the table `TensorGroup`
            pub name: ::core::option::Option<::planus::alloc::string::String>,
            /// The field `tensor_names` in the table `TensorGroup`
            pub tensor_names:
                ::core::option::Option<::planus::alloc::vec::Vec<::planus::alloc::string::String>>,
        }

        #[allow(clippy::derivable_impls)]
        impl ::core::default::Default for TensorGroup {
            fn default() -> Self {
                Self {
                    name: ::core::default::Default::default(),
                    tensor_names: ::core::default::Default::default(),
                }
            }
        }

        impl TensorGroup {
            /// Creates a [TensorGroupBuilder] for serializing an instance of this table.
            #[inline]
            pub fn builder() -> TensorGroupBuilder<()> {
                TensorGroupBuilder(())
            }

            #[allow(clippy::too_many_arguments)]
            pub fn create(
                builder: &mut ::planus::Builder,
                field_name: impl ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>,
                field_tensor_names: impl ::planus::WriteAsOptional<
                    ::planus::Offset<[::planus::Offset<str>]>,
                >,
            ) -> ::planus::Offset<Self> {
                let prepared_name = field_name.prepare(builder);
                let prepared_tensor_names = field_tensor_names.prepare(builder);

                let mut table_writer: ::planus::table_writer::TableWriter<8> =
                    ::core::default::Default::default();
                if prepared_name.is_some() {
                    table_writer.write_entry::<::planus::Offset<str>>(0);
                }
                if prepared_tensor_names.is_some() {
                    table_writer.write_entry::<::planus::Offset<[::planus::Offset<str>]>>(1);
                }

                unsafe {
                    table_writer.finish(builder, |object_writer| {
                        if let ::core::option::Option::Some(prepared_name) = prepared_name {
                            object_writer.write::<_, _, 4>(&prepared_name);
                        }
                        if let ::core::option::Option::Some(prepared_tensor_names) =
                            prepared_tensor_names
                        {
                            object_writer.write::<_, _, 4>(&prepared_tensor_names);
                        }
                    });
                }
                builder.current_offset()
            }
        }

        impl ::planus::WriteAs<::planus::Offset<TensorGroup>> for TensorGroup {
            type Prepared = ::planus::Offset<Self>;

            #[inline]
            fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<TensorGroup> {
                ::planus::WriteAsOffset::prepare(self, builder)
            }
        }

        impl ::planus::WriteAsOptional<::planus::Offset<TensorGroup>> for TensorGroup {
            type Prepared = ::planus::Offset<Self>;

            #[inline]
            fn prepare(
                &self,
                builder: &mut ::planus::Builder,
            ) -> ::core::option::Option<::planus::Offset<TensorGroup>> {
                ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
            }
        }

        impl ::planus::WriteAsOffset<TensorGroup> for TensorGroup {
            #[inline]
            fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<TensorGroup> {
                TensorGroup::create(builder, &self.name, &self.tensor_names)
            }
        }

        /// Builder for serializing an instance of the [TensorGroup] type.
        ///
        /// Can be created using the [TensorGroup::builder] method.
        #[derive(Debug)]
        #[must_use]
        pub struct TensorGroupBuilder<State>(State);

        impl TensorGroupBuilder<()> {
            /// Setter for the [`name` field](TensorGroup#structfield.name).
            #[inline]
            #[allow(clippy::type_complexity)]
            pub fn name<T0>(self, value: T0) -> TensorGroupBuilder<(T0,)>
            where
                T0: ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>,
            {
                TensorGroupBuilder((value,))
            }

            /// Sets the [`name` field](TensorGroup#structfield.name) to null.
            #[inline]
            #[allow(clippy::type_complexity)]
            pub fn name_as_null(self) -> TensorGroupBuilder<((),)> {
                self.name(())
            }
        }

        impl<T0> TensorGroupBuilder<(T0,)> {
            /// Setter for the [`tensor_names` field](TensorGroup#structfield.tensor_names).
            #[inline]
            #[allow(clippy::type_complexity)]
            pub fn tensor_names<T1>(self, value: T1) -> TensorGroupBuilder<(T0, T1)>
            where
                T1: ::planus::WriteAsOptional<::planus::Offset<[::planus::Offset<str>]>>,
            {
                let (v0,) = self.0;
                TensorGroupBuilder((v0, value))
            }

            /// Sets the [`tensor_names` field](TensorGroup#structfield.tensor_names) to null.
            #[inline]
            #[allow(clippy::type_complexity)]
            pub fn tensor_names_as_null(self) -> TensorGroupBuilder<(T0, ())> {
                self.tensor_names(())
            }
        }

        impl<T0, T1> TensorGroupBuilder<(T0, T1)> {
            /// Finish writing the builder to get an [Offset](::planus::Offset) to a serialized [TensorGroup].
            #[inline]
            pub fn finish(self, builder: &mut ::planus::Builder) -> ::planus::Offset<TensorGroup>
            where
                Self: ::planus::WriteAsOffset<TensorGroup>,
            {
                ::planus::WriteAsOffset::prepare(&self, builder)
            }
        }

        impl<
                T0: ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>,
                T1: ::planus::WriteAsOptional<::planus::Offset<[::planus::Offset<str>]>>,
            > ::planus::WriteAs<::planus::Offset<TensorGroup>> for TensorGroupBuilder<(T0, T1)>
        {
            type Prepared = ::planus::Offset<TensorGroup>;

            #[inline]
            fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<TensorGroup> {
                ::planus::WriteAsOffset::prepare(self, builder)
            }
        }

        impl<
                T0: ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>,
                T1: ::planus::WriteAsOptional<::planus::Offset<[::planus::Offset<str>]>>,
            > ::planus::WriteAsOptional<::planus::Offset<TensorGroup>>
            for TensorGroupBuilder<(T0, T1)>
        {
            type Prepared = ::planus::Offset<TensorGroup>;

            #[inline]
            fn prepare(
                &self,
                builder: &mut ::planus::Builder,
            ) -> ::core::option::Option<::planus::Offset<TensorGroup>> {
                ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
            }
        }

        impl<
                T0: ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>,
                T1: ::planus::WriteAsOptional<::planus::Offset<[::planus::Offset<str>]>>,
            > ::planus::WriteAsOffset<TensorGroup> for TensorGroupBuilder<(T0, T1)>
        {
            #[inline]
            fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<TensorGroup> {
                let (v0, v1) = &self.0;
                TensorGroup::create(builder, v0, v1)
            }
        }

        /// Reference to a deserialized [TensorGroup].
        #[derive(Copy, Clone)]
        pub struct TensorGroupRef<'a>(#[allow(dead_code)] ::planus::table_reader::Table<'a>);

        impl<'a> TensorGroupRef<'a> {
            /// Getter for the [`name` field](TensorGroup#structfield.name).
            #[inline]
            pub fn name(
                &self,
            ) -> ::planus::Result<::core::option::Option<&'a ::core::primitive::str>> {
                self.0.access(0, "TensorGroup", "name")
            }

            /// Getter for the [`tensor_names` field](TensorGroup#structfield.tensor_names).
            #[inline]
            pub fn tensor_names(
                &self,
            ) -> ::planus::Result<
                ::core::option::Option<
                    ::planus::Vector<'a, ::planus::Result<&'a ::core::primitive::str>>,
                >,
            > {
                self.0.access(1, "TensorGroup", "tensor_names")
            }
        }

        impl<'a> ::core::fmt::Debug for TensorGroupRef<'a> {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                let mut f = f.debug_struct("TensorGroupRef");
                if let ::core::option::Option::Some(field_name) = self.name().transpose() {
                    f.field("name", &field_name);
                }
                if let ::core::option::Option::Some(field_tensor_names) =
                    self.tensor_names().transpose()
                {
                    f.field("tensor_names", &field_tensor_names);
                }
                f.finish()
            }
        }

        impl<'a> ::core::convert::TryFrom<TensorGroupRef<'a>> for TensorGroup {
            type Error = ::planus::Error;

            #[allow(unreachable_code)]
            fn try_from(value: TensorGroupRef<'a>) -> ::planus::Result<Self> {
                ::core::result::Result::Ok(Self {
                    name: value.name()?.map(::core::convert::Into::into),
                    tensor_names: if let ::core::option::Option::Some(tensor_names) =
                        value.tensor_names()?
                    {
                        ::core::option::Option::Some(tensor_names.to_vec_result()?)
                    } else {
                        ::core::option::Option::None
                    },
                })
            }
        }

        impl<'a> ::planus::TableRead<'a> for TensorGroupRef<'a> {
            #[inline]
            fn from_buffer(
                buffer: ::planus::SliceWithStartOffset<'a>,
                offset: usize,
            ) -> ::core::result::Result<Self, ::planus::errors::ErrorKind> {
                ::core::result::Result::Ok(Self(::planus::table_reader::Table::from_buffer(
                    buffer, offset,
                )?))
            }
        }

        impl<'a> ::planus::VectorReadInner<'a> for TensorGroupRef<'a> {
            type Error = ::planus::Error;
            const STRIDE: usize = 4;

            unsafe fn from_buffer(
                buffer: ::planus::SliceWithStartOffset<'a>,
                offset: usize,
            ) -> ::planus::Result<Self> {
                ::planus::TableRead::from_buffer(buffer, offset).map_err(|error_kind| {
                    error_kind.with_error_location(
                        "[TensorGroupRef]",
                        "get",
                        buffer.offset_from_start,
                    )
                })
            }
        }

        /// # Safety
        /// The planus compiler generates implementations that initialize
        /// the bytes in `write_values`.
        unsafe impl ::planus::VectorWrite<::planus::Offset<TensorGroup>> for TensorGroup {
            type Value = ::planus::Offset<TensorGroup>;
            const STRIDE: usize = 4;
            #[inline]
            fn prepare(&self, builder: &mut ::planus::Builder) -> Self::Value {
                ::planus::WriteAs::prepare(self, builder)
            }

            #[inline]
            unsafe fn write_values(
                values: &[::planus::Offset<TensorGroup>],
                bytes: *mut ::core::mem::MaybeUninit<u8>,
                buffer_position: u32,
            ) {
                let bytes = bytes as *mut [::core::mem::MaybeUninit<u8>; 4];
                for (i, v) in ::core::iter::Iterator::enumerate(values.iter()) {
                    ::planus::WriteAsPrimitive::write(
                        v,
                        ::planus::Cursor::new(unsafe { &mut *bytes.add(i) }),
                        buffer_position - (Self::STRIDE * i) as u32,
                    );
                }
            }
        }

        impl<'a> ::planus::ReadAsRoot<'a> for TensorGroupRef<'a> {
            fn read_as_root(slice: &'a [u8]) -> ::planus::Result<Self> {
                ::planus::TableRead::from_buffer(
                    ::planus::SliceWithStartOffset {
                        buffer: slice,
                        offset_from_start: 0,
                    },
                    0,
                )
                .map_err(|error_kind| {
                    error_kind.with_error_location("[TensorGroupRef]", "read_as_root", 0)
                })
            }
        }

        /// The table `TensorMetadata` in the namespace `tflite`
        ///
        /// Generated from these locations:
        /// * Table `TensorMetadata` in the file `metadata_schema.fbs:572`
        #[derive(Clone, Debug, PartialEq, PartialOrd, ::serde::Serialize, ::serde::Deserialize)]
        pub struct TensorMetadata {
            /// The field `name` in the table `TensorMetadata`
            pub name: ::core::option::Option<::planus::alloc::string::String>,
            /// The field `description` in the table `TensorMetadata`
            pub description: ::core::option::Option<::planus::alloc::string::String>,
            /// The field `dimension_names` in the table `TensorMetadata`
            pub dimension_names:
                ::core::option::Option<::planus::alloc::vec::Vec<::planus::alloc::string::String>>,
            /// The field `content` in the table `TensorMetadata`
            pub content: ::core::option::Option<::planus::alloc::boxed::Box<self::Content>>,
            /// The field `process_units` in the table `TensorMetadata`
            pub process_units: ::core::option::Option<::planus::alloc::vec::Vec<self::ProcessUnit>>,
            /// The field `stats` in the table `TensorMetadata`
            pub stats: ::core::option::Option<::planus::alloc::boxed::Box<self::Stats>>,
            /// The field `associated_files` in the table `TensorMetadata`
            pub associated_files:
                ::core::option::Option<::planus::alloc::vec::Vec<self::AssociatedFile>>,
        }

        #[allow(clippy::derivable_impls)]
        impl ::core::default::Default for TensorMetadata {
            fn default() -> Self {
                Self {
                    name: ::core::default::Default::default(),
                    description: ::core::default::Default::default(),
                    dimension_names: ::core::default::Default::default(),
                    content: ::core::default::Default::default(),
                    process_units: ::core::default::Default::default(),
                    stats: ::core::default::Default::default(),
                    associated_files: ::core::default::Default::default(),
                }
            }
        }

        impl TensorMetadata {
            /// Creates a [TensorMetadataBuilder] for serializing an instance of this table.
            #[inline]
            pub fn builder() -> TensorMetadataBuilder<()> {
                TensorMetadataBuilder(())
            }

            #[allow(clippy::too_many_arguments)]
            pub fn create(
                builder: &mut ::planus::Builder,
                field_name: impl ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>,
                field_description: impl ::planus::WriteAsOptional<
                    ::planus::Offset<::core::primitive::str>,
                >,
                field_dimension_names: impl ::planus::WriteAsOptional<
                    ::planus::Offset<[::planus::Offset<str>]>,
                >,
                field_content: impl ::planus::WriteAsOptional<::planus::Offset<self::Content>>,
                field_process_units: impl ::planus::WriteAsOptional<
                    ::planus::Offset<[::planus::Offset<self::ProcessUnit>]>,
                >,
                field_stats: impl ::planus::WriteAsOptional<::planus::Offset<self::Stats>>,
                field_associated_files: impl ::planus::WriteAsOptional<
                    ::planus::Offset<[::planus::Offset<self::AssociatedFile>]>,
                >,
            ) -> ::planus::Offset<Self> {
                let prepared_name = field_name.prepare(builder);
                let prepared_description = field_description.prepare(builder);
                let prepared_dimension_names = field_dimension_names.prepare(builder);
                let prepared_content = field_content.prepare(builder);
                let prepared_process_units = field_process_units.prepare(builder);
                let prepared_stats = field_stats.prepare(builder);
                let prepared_associated_files = field_associated_files.prepare(builder);

                let mut table_writer: ::planus::table_writer::TableWriter<18> =
                    ::core::default::Default::default();
                if prepared_name.is_some() {
                    table_writer.write_entry::<::planus::Offset<str>>(0);
                }
                if prepared_description.is_some() {
                    table_writer.write_entry::<::planus::Offset<str>>(1);
                }
                if prepared_dimension_names.is_some() {
                    table_writer.write_entry::<::planus::Offset<[::planus::Offset<str>]>>(2);
                }
                if prepared_content.is_some() {
                    table_writer.write_entry::<::planus::Offset<self::Content>>(3);
                }
                if prepared_process_units.is_some() {
                    table_writer
                        .write_entry::<::planus::Offset<[::planus::Offset<self::ProcessUnit>]>>(4);
                }
                if prepared_stats.is_some() {
                    table_writer.write_entry::<::planus::Offset<self::Stats>>(5);
                }
                if prepared_associated_files.is_some() {
                    table_writer
                        .write_entry::<::planus::Offset<[::planus::Offset<self::AssociatedFile>]>>(
                            6,
                        );
                }

                unsafe {
                    table_writer.finish(builder, |object_writer| {
                        if let ::core::option::Option::Some(prepared_name) = prepared_name {
                            object_writer.write::<_, _, 4>(&prepared_name);
                        }
                        if let ::core::option::Option::Some(prepared_description) =
                            prepared_description
                        {
                            object_writer.write::<_, _, 4>(&prepared_description);
                        }
                        if let ::core::option::Option::Some(prepared_dimension_names) =
                            prepared_dimension_names
                        {
                            object_writer.write::<_, _, 4>(&prepared_dimension_names);
                        }
                        if let ::core::option::Option::Some(prepared_content) = prepared_content {
                            object_writer.write::<_, _, 4>(&prepared_content);
                        }
                        if let ::core::option::Option::Some(prepared_process_units) =
                            prepared_process_units
                        {
                            object_writer.write::<_, _, 4>(&prepared_process_units);
                        }
                        if let ::core::option::Option::Some(prepared_stats) = prepared_stats {
                            object_writer.write::<_, _, 4>(&prepared_stats);
                        }
                        if let ::core::option::Option::Some(prepared_associated_files) =
                            prepared_associated_files
                        {
                            object_writer.write::<_, _, 4>(&prepared_associated_files);
                        }
                    });
                }
                builder.current_offset()
            }
        }

        impl ::planus::WriteAs<::planus::Offset<TensorMetadata>> for TensorMetadata {
            type Prepared = ::planus::Offset<Self>;

            #[inline]
            fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<TensorMetadata> {
                ::planus::WriteAsOffset::prepare(self, builder)
            }
        }

        impl ::planus::WriteAsOptional<::planus::Offset<TensorMetadata>> for TensorMetadata {
            type Prepared = ::planus::Offset<Self>;

            #[inline]
            fn prepare(
                &self,
                builder: &mut ::planus::Builder,
            ) -> ::core::option::Option<::planus::Offset<TensorMetadata>> {
                ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
            }
        }

        impl ::planus::WriteAsOffset<TensorMetadata> for TensorMetadata {
            #[inline]
            fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<TensorMetadata> {
                TensorMetadata::create(
                    builder,
                    &self.name,
                    &self.description,
                    &self.dimension_names,
                    &self.content,
                    &self.process_units,
                    &self.stats,
                    &self.associated_files,
                )
            }
        }

        /// Builder for serializing an instance of the [TensorMetadata] type.
        ///
        /// Can be created using the [TensorMetadata::builder] method.
        #[derive(Debug)]
        #[must_use]
        pub struct TensorMetadataBuilder<State>(State);

        impl TensorMetadataBuilder<()> {
            /// Setter for the [`name` field](TensorMetadata#structfield.name).
            #[inline]
            #[allow(clippy::type_complexity)]
            pub fn name<T0>(self, value: T0) -> TensorMetadataBuilder<(T0,)>
            where
                T0: ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>,
            {
                TensorMetadataBuilder((value,))
            }

            /// Sets the [`name` field](TensorMetadata#structfield.name) to null.
            #[inline]
            #[allow(clippy::type_complexity)]
            pub fn name_as_null(self) -> TensorMetadataBuilder<((),)> {
                self.name(())
            }
        }

        impl<T0> TensorMetadataBuilder<(T0,)> {
            /// Setter for the [`description` field](TensorMetadata#structfield.description).
            #[inline]
            #[allow(clippy::type_complexity)]
            pub fn description<T1>(self, value: T1) -> TensorMetadataBuilder<(T0, T1)>
            where
                T1: ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>,
            {
                let (v0,) = self.0;
                TensorMetadataBuilder((v0, value))
            }

            /// Sets the [`description` field](TensorMetadata#structfield.description) to null.
            #[inline]
            #[allow(clippy::type_complexity)]
            pub fn description_as_null(self) -> TensorMetadataBuilder<(T0, ())> {
                self.description(())
            }
        }

        impl<T0, T1> TensorMetadataBuilder<(T0, T1)> {
            /// Setter for the [`dimension_names` field](TensorMetadata#structfield.dimension_names).
            #[inline]
            #[allow(clippy::type_complexity)]
            pub fn dimension_names<T2>(self, value: T2) -> TensorMetadataBuilder<(T0, T1, T2)>
            where
                T2: ::planus::WriteAsOptional<::planus::Offset<[::planus::Offset<str>]>>,
            {
                let (v0, v1) = self.0;
                TensorMetadataBuilder((v0, v1, value))
            }

            /// Sets the [`dimension_names` field](TensorMetadata#structfield.dimension_names) to null.
            #[inline]
            #[allow(clippy::type_complexity)]
            pub fn dimension_names_as_null(self) -> TensorMetadataBuilder<(T0, T1, ())> {
                self.dimension_names(())
            }
        }

        impl<T0, T1, T2> TensorMetadataBuilder<(T0, T1, T2)> {
            /// Setter for the [`content` field](TensorMetadata#structfield.content).
            #[inline]
            #[allow(clippy::type_complexity)]
            pub fn content<T3>(self, value: T3) -> TensorMetadataBuilder<(T0, T1, T2, T3)>
            where
                T3: ::planus::WriteAsOptional<::planus::Offset<self::Content>>,
            {
                let (v0, v1, v2) = self.0;
                TensorMetadataBuilder((v0, v1, v2, value))
            }

            /// Sets the [`content` field](TensorMetadata#structfield.content) to null.
            #[inline]
            #[allow(clippy::type_complexity)]
            pub fn content_as_null(self) -> TensorMetadataBuilder<(T0, T1, T2, ())> {
                self.content(())
            }
        }

        impl<T0, T1, T2, T3> TensorMetadataBuilder<(T0, T1, T2, T3)> {
            /// Setter for the [`process_units` field](TensorMetadata#structfield.process_units).
            #[inline]
            #[allow(clippy::type_complexity)]
            pub fn process_units<T4>(self, value: T4) -> TensorMetadataBuilder<(T0, T1, T2, T3, T4)>
            where
                T4: ::planus::WriteAsOptional<
                    ::planus::Offset<[::planus::Offset<self::ProcessUnit>]>,
                >,
            {
                let (v0, v1, v2, v3) = self.0;
                TensorMetadataBuilder((v0, v1, v2, v3, value))
            }

            /// Sets the [`process_units` field](TensorMetadata#structfield.process_units) to null.
            #[inline]
            #[allow(clippy::type_complexity)]
            pub fn process_units_as_null(self) -> TensorMetadataBuilder<(T0, T1, T2, T3, ())> {
                self.process_units(())
            }
        }

        impl<T0, T1, T2, T3, T4> TensorMetadataBuilder<(T0, T1, T2, T3, T4)> {
            /// Setter for the [`stats` field](TensorMetadata#structfield.stats).
            #[inline]
            #[allow(clippy::type_complexity)]
            pub fn stats<T5>(self, value: T5) -> TensorMetadataBuilder<(T0, T1, T2, T3, T4, T5)>
            where
                T5: ::planus::WriteAsOptional<::planus::Offset<self::Stats>>,
            {
                let (v0, v1, v2, v3, v4) = self.0;
                TensorMetadataBuilder((v0, v1, v2, v3, v4, value))
            }

            /// Sets the [`stats` field](TensorMetadata#structfield.stats) to null.
            #[inline]
            #[allow(clippy::type_complexity)]
            pub fn stats_as_null(self) -> TensorMetadataBuilder<(T0, T1, T2, T3, T4, ())> {
                self.stats(())
            }
        }

        impl<T0, T1, T2, T3, T4, T5> TensorMetadataBuilder<(T0, T1, T2, T3, T4, T5)> {
            /// Setter for the [`associated_files` field](TensorMetadata#structfield.associated_files).
            #[inline]
            #[allow(clippy::type_complexity)]
            pub fn associated_files<T6>(
                self,
                value: T6,
            ) -> TensorMetadataBuilder<(T0, T1, T2, T3, T4, T5, T6)>
            where
                T6: ::planus::WriteAsOptional<
                    ::planus::Offset<[::planus::Offset<self::AssociatedFile>]>,
                >,
            {
                let (v0, v1, v2, v3, v4, v5) = self.0;
                TensorMetadataBuilder((v0, v1, v2, v3, v4, v5, value))
            }

            /// Sets the [`associated_files` field](TensorMetadata#structfield.associated_files) to null.
            #[inline]
            #[allow(clippy::type_complexity)]
            pub fn associated_files_as_null(
                self,
            ) -> TensorMetadataBuilder<(T0, T1, T2, T3, T4, T5, ())> {
                self.associated_files(())
            }
        }

        impl<T0, T1, T2, T3, T4, T5, T6> TensorMetadataBuilder<(T0, T1, T2, T3, T4, T5, T6)> {
            /// Finish writing the builder to get an [Offset](::planus::Offset) to a serialized [TensorMetadata].
            #[inline]
            pub fn finish(self, builder: &mut ::planus::Builder) -> ::planus::Offset<TensorMetadata>
            where
                Self: ::planus::WriteAsOffset<TensorMetadata>,
            {
                ::planus::WriteAsOffset::prepare(&self, builder)
            }
        }

        impl<
                T0: ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>,
                T1: ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>,
                T2: ::planus::WriteAsOptional<::planus::Offset<[::planus::Offset<str>]>>,
                T3: ::planus::WriteAsOptional<::planus::Offset<self::Content>>,
                T4: ::planus::WriteAsOptional<::planus::Offset<[::planus::Offset<self::ProcessUnit>]>>,
                T5: ::planus::WriteAsOptional<::planus::Offset<self::Stats>>,
                T6: ::planus::WriteAsOptional<
                    ::planus::Offset<[::planus::Offset<self::AssociatedFile>]>,
                >,
            > ::planus::WriteAs<::planus::Offset<TensorMetadata>>
            for TensorMetadataBuilder<(T0, T1, T2, T3, T4, T5, T6)>
        {
            type Prepared = ::planus::Offset<TensorMetadata>;

            #[inline]
            fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<TensorMetadata> {
                ::planus::WriteAsOffset::prepare(self, builder)
            }
        }

        impl<
                T0: ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>,
                T1: ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>,
                T2: ::planus::WriteAsOptional<::planus::Offset<[::planus::Offset<str>]>>,
                T3: ::planus::WriteAsOptional<::planus::Offset<self::Content>>,
                T4: ::planus::WriteAsOptional<::planus::Offset<[::planus::Offset<self::ProcessUnit>]>>,
                T5: ::planus::WriteAsOptional<::planus::Offset<self::Stats>>,
                T6: ::planus::WriteAsOptional<
                    ::planus::Offset<[::planus::Offset<self::AssociatedFile>]>,
                >,
            > ::planus::WriteAsOptional<::planus::Offset<TensorMetadata>>
            for TensorMetadataBuilder<(T0, T1, T2, T3, T4, T5, T6)>
        {
            type Prepared = ::planus::Offset<TensorMetadata>;

            #[inline]
            fn prepare(
                &self,
                builder: &mut ::planus::Builder,
            ) -> ::core::option::Option<::planus::Offset<TensorMetadata>> {
                ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
            }
        }

        impl<
                T0: ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>,
                T1: ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>,
                T2: ::planus::WriteAsOptional<::planus::Offset<[::planus::Offset<str>]>>,
                T3: ::planus::WriteAsOptional<::planus::Offset<self::Content>>,
                T4: ::planus::WriteAsOptional<::planus::Offset<[::planus::Offset<self::ProcessUnit>]>>,
                T5: ::planus::WriteAsOptional<::planus::Offset<self::Stats>>,
                T6: ::planus::WriteAsOptional<
                    ::planus::Offset<[::planus::Offset<self::AssociatedFile>]>,
                >,
            > ::planus::WriteAsOffset<TensorMetadata>
            for TensorMetadataBuilder<(T0, T1, T2, T3, T4, T5, T6)>
        {
            #[inline]
            fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<TensorMetadata> {
                let (v0, v1, v2, v3, v4, v5, v6) = &self.0;
                TensorMetadata::create(builder, v0, v1, v2, v3, v4, v5, v6)
            }
        }

        /// Reference to a deserialized [TensorMetadata].
        #[derive(Copy, Clone)]
        pub struct TensorMetadataRef<'a>(#[allow(dead_code)] ::planus::table_reader::Table<'a>);

        impl<'a> TensorMetadataRef<'a> {
            /// Getter for the [`name` field](TensorMetadata#structfield.name).
            #[inline]
            pub fn name(
                &self,
            ) -> ::planus::Result<::core::option::Option<&'a ::core::primitive::str>> {
                self.0.access(0, "TensorMetadata", "name")
            }

            /// Getter for the [`description` field](TensorMetadata#structfield.description).
            #[inline]
            pub fn description(
                &self,
            ) -> ::planus::Result<::core::option::Option<&'a ::core::primitive::str>> {
                self.0.access(1, "TensorMetadata", "description")
            }

            /// Getter for the [`dimension_names` field](TensorMetadata#structfield.dimension_names).
            #[inline]
            pub fn dimension_names(
                &self,
            ) -> ::planus::Result<
                ::core::option::Option<
                    ::planus::Vector<'a, ::planus::Result<&'a ::core::primitive::str>>,
                >,
            > {
                self.0.access(2, "TensorMetadata", "dimension_names")
            }

            /// Getter for the [`content` field](TensorMetadata#structfield.content).
            #[inline]
            pub fn content(
                &self,
            ) -> ::planus::Result<::core::option::Option<self::ContentRef<'a>>> {
                self.0.access(3, "TensorMetadata", "content")
            }

            /// Getter for the [`process_units` field](TensorMetadata#structfield.process_units).
            #[inline]
            pub fn process_units(
                &self,
            ) -> ::planus::Result<
                ::core::option::Option<
                    ::planus::Vector<'a, ::planus::Result<self::ProcessUnitRef<'a>>>,
                >,
            > {
                self.0.access(4, "TensorMetadata", "process_units")
            }

            /// Getter for the [`stats` field](TensorMetadata#structfield.stats).
            #[inline]
            pub fn stats(&self) -> ::planus::Result<::core::option::Option<self::StatsRef<'a>>> {
                self.0.access(5, "TensorMetadata", "stats")
            }

            /// Getter for the [`associated_files` field](TensorMetadata#structfield.associated_files).
            #[inline]
            pub fn associated_files(
                &self,
            ) -> ::planus::Result<
                ::core::option::Option<
                    ::planus::Vector<'a, ::planus::Result<self::AssociatedFileRef<'a>>>,
                >,
            > {
                self.0.access(6, "TensorMetadata", "associated_files")
            }
        }

        impl<'a> ::core::fmt::Debug for TensorMetadataRef<'a> {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                let mut f = f.debug_struct("TensorMetadataRef");
                if let ::core::option::Option::Some(field_name) = self.name().transpose() {
                    f.field("name", &field_name);
                }
                if let ::core::option::Option::Some(field_description) =
                    self.description().transpose()
                {
                    f.field("description", &field_description);
                }
                if let ::core::option::Option::Some(field_dimension_names) =
                    self.dimension_names().transpose()
                {
                    f.field("dimension_names", &field_dimension_names);
                }
                if let ::core::option::Option::Some(field_content) = self.content().transpose() {
                    f.field("content", &field_content);
                }
                if let ::core::option::Option::Some(field_process_units) =
                    self.process_units().transpose()
                {
                    f.field("process_units", &field_process_units);
                }
                if let ::core::option::Option::Some(field_stats) = self.stats().transpose() {
                    f.field("stats", &field_stats);
                }
                if let ::core::option::Option::Some(field_associated_files) =
                    self.associated_files().transpose()
                {
                    f.field("associated_files", &field_associated_files);
                }
                f.finish()
            }
        }

        impl<'a> ::core::convert::TryFrom<TensorMetadataRef<'a>> for TensorMetadata {
            type Error = ::planus::Error;

            #[allow(unreachable_code)]
            fn try_from(value: TensorMetadataRef<'a>) -> ::planus::Result<Self> {
                ::core::result::Result::Ok(Self {
                    name: value.name()?.map(::core::convert::Into::into),
                    description: value.description()?.map(::core::convert::Into::into),
                    dimension_names: if let ::core::option::Option::Some(dimension_names) =
                        value.dimension_names()?
                    {
                        ::core::option::Option::Some(dimension_names.to_vec_result()?)
                    } else {
                        ::core::option::Option::None
                    },
                    content: if let ::core::option::Option::Some(content) = value.content()? {
                        ::core::option::Option::Some(::planus::alloc::boxed::Box::new(
                            ::core::convert::TryInto::try_into(content)?,
                        ))
                    } else {
                        ::core::option::Option::None
                    },
                    process_units: if let ::core::option::Option::Some(process_units) =
                        value.process_units()?
                    {
                        ::core::option::Option::Some(process_units.to_vec_result()?)
                    } else {
                        ::core::option::Option::None
                    },
                    stats: if let ::core::option::Option::Some(stats) = value.stats()? {
                        ::core::option::Option::Some(::planus::alloc::boxed::Box::new(
                            ::core::convert::TryInto::try_into(stats)?,
                        ))
                    } else {
                        ::core::option::Option::None
                    },
                    associated_files: if let ::core::option::Option::Some(associated_files) =
                        value.associated_files()?
                    {
                        ::core::option::Option::Some(associated_files.to_vec_result()?)
                    } else {
                        ::core::option::Option::None
                    },
                })
            }
        }

        impl<'a> ::planus::TableRead<'a> for TensorMetadataRef<'a> {
            #[inline]
            fn from_buffer(
                buffer: ::planus::SliceWithStartOffset<'a>,
                offset: usize,
            ) -> ::core::result::Result<Self, ::planus::errors::ErrorKind> {
                ::core::result::Result::Ok(Self(::planus::table_reader::Table::from_buffer(
                    buffer, offset,
                )?))
            }
        }

        impl<'a> ::planus::VectorReadInner<'a> for TensorMetadataRef<'a> {
            type Error = ::planus::Error;
            const STRIDE: usize = 4;

            unsafe fn from_buffer(
                buffer: ::planus::SliceWithStartOffset<'a>,
                offset: usize,
            ) -> ::planus::Result<Self> {
                ::planus::TableRead::from_buffer(buffer, offset).map_err(|error_kind| {
                    error_kind.with_error_location(
                        "[TensorMetadataRef]",
                        "get",
                        buffer.offset_from_start,
                    )
                })
            }
        }

        /// # Safety
        /// The planus compiler generates implementations that initialize
        /// the bytes in `write_values`.
        unsafe impl ::planus::VectorWrite<::planus::Offset<TensorMetadata>> for TensorMetadata {
            type Value = ::planus::Offset<TensorMetadata>;
            const STRIDE: usize = 4;
            #[inline]
            fn prepare(&self, builder: &mut ::planus::Builder) -> Self::Value {
                ::planus::WriteAs::prepare(self, builder)
            }

            #[inline]
            unsafe fn write_values(
                values: &[::planus::Offset<TensorMetadata>],
                bytes: *mut ::core::mem::MaybeUninit<u8>,
                buffer_position: u32,
            ) {
                let bytes = bytes as *mut [::core::mem::MaybeUninit<u8>; 4];
                for (i, v) in ::core::iter::Iterator::enumerate(values.iter()) {
                    ::planus::WriteAsPrimitive::write(
                        v,
                        ::planus::Cursor::new(unsafe { &mut *bytes.add(i) }),
                        buffer_position - (Self::STRIDE * i) as u32,
                    );
                }
            }
        }

        impl<'a> ::planus::ReadAsRoot<'a> for TensorMetadataRef<'a> {
            fn read_as_root(slice: &'a [u8]) -> ::planus::Result<Self> {
                ::planus::TableRead::from_buffer(
                    ::planus::SliceWithStartOffset {
                        buffer: slice,
                        offset_from_start: 0,
                    },
                    0,
                )
                .map_err(|error_kind| {
                    error_kind.with_error_location("[TensorMetadataRef]", "read_as_root", 0)
                })
            }
        }

        /// The table `CustomMetadata` in the namespace `tflite`
        ///
        /// Generated from these locations:
        /// * Table `CustomMetadata` in the file `metadata_schema.fbs:616`
        #[derive(
            Clone,
            Debug,
            PartialEq,
            PartialOrd,
            Eq,
            Ord,
            Hash,
            ::serde::Serialize,
            ::serde::Deserialize,
        )]
        pub struct CustomMetadata {
            /// The field `name` in the table `CustomMetadata`
            pub name: ::core::option::Option<::planus::alloc::string::String>,
            /// The field `data` in the table `CustomMetadata`
            pub data: ::core::option::Option<::planus::alloc::vec::Vec<u8>>,
        }

        #[allow(clippy::derivable_impls)]
        impl ::core::default::Default for CustomMetadata {
            fn default() -> Self {
                Self {
                    name: ::core::default::Default::default(),
                    data: ::core::default::Default::default(),
                }
            }
        }

        impl CustomMetadata {
            /// Creates a [CustomMetadataBuilder] for serializing an instance of this table.
            #[inline]
            pub fn builder() -> CustomMetadataBuilder<()> {
                CustomMetadataBuilder(())
            }

            #[allow(clippy::too_many_arguments)]
            pub fn create(
                builder: &mut ::planus::Builder,
                field_name: impl ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>,
                field_data: impl ::planus::WriteAsOptional<::planus::Offset<[u8]>>,
            ) -> ::planus::Offset<Self> {
                let prepared_name = field_name.prepare(builder);
                let prepared_data = field_data.prepare(builder);

                let mut table_writer: ::planus::table_writer::TableWriter<8> =
                    ::core::default::Default::default();
                if prepared_data.is_some() {
                    table_writer.write_entry::<::planus::Offset<[u8]>>(1);
                }
                if prepared_name.is_some() {
                    table_writer.write_entry::<::planus::Offset<str>>(0);
                }

                unsafe {
                    table_writer.finish(builder, |object_writer| {
                        if let ::core::option::Option::Some(prepared_data) = prepared_data {
                            object_writer.write::<_, _, 4>(&prepared_data);
                        }
                        if let ::core::option::Option::Some(prepared_name) = prepared_name {
                            object_writer.write::<_, _, 4>(&prepared_name);
                        }
                    });
                }
                builder.current_offset()
            }
        }

        impl ::planus::WriteAs<::planus::Offset<CustomMetadata>> for CustomMetadata {
            type Prepared = ::planus::Offset<Self>;

            #[inline]
            fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<CustomMetadata> {
                ::planus::WriteAsOffset::prepare(self, builder)
            }
        }

        impl ::planus::WriteAsOptional<::planus::Offset<CustomMetadata>> for CustomMetadata {
            type Prepared = ::planus::Offset<Self>;

            #[inline]
            fn prepare(
                &self,
                builder: &mut ::planus::Builder,
            ) -> ::core::option::Option<::planus::Offset<CustomMetadata>> {
                ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
            }
        }

        impl ::planus::WriteAsOffset<CustomMetadata> for CustomMetadata {
            #[inline]
            fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<CustomMetadata> {
                CustomMetadata::create(builder, &self.name, &self.data)
            }
        }

        /// Builder for serializing an instance of the [CustomMetadata] type.
        ///
        /// Can be created using the [CustomMetadata::builder] method.
        #[derive(Debug)]
        #[must_use]
        pub struct CustomMetadataBuilder<State>(State);

        impl CustomMetadataBuilder<()> {
            /// Setter for the [`name` field](CustomMetadata#structfield.name).
            #[inline]
            #[allow(clippy::type_complexity)]
            pub fn name<T0>(self, value: T0) -> CustomMetadataBuilder<(T0,)>
            where
                T0: ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>,
            {
                CustomMetadataBuilder((value,))
            }

            /// Sets the [`name` field](CustomMetadata#structfield.name) to null.
            #[inline]
            #[allow(clippy::type_complexity)]
            pub fn name_as_null(self) -> CustomMetadataBuilder<((),)> {
                self.name(())
            }
        }

        impl<T0> CustomMetadataBuilder<(T0,)> {
            /// Setter for the [`data` field](CustomMetadata#structfield.data).
            #[inline]
            #[allow(clippy::type_complexity)]
            pub fn data<T1>(self, value: T1) -> CustomMetadataBuilder<(T0, T1)>
            where
                T1: ::planus::WriteAsOptional<::planus::Offset<[u8]>>,
            {
                let (v0,) = self.0;
                CustomMetadataBuilder((v0, value))
            }

            /// Sets the [`data` field](CustomMetadata#structfield.data) to null.
            #[inline]
            #[allow(clippy::type_complexity)]
            pub fn data_as_null(self) -> CustomMetadataBuilder<(T0, ())> {
                self.data(())
            }
        }

        impl<T0, T1> CustomMetadataBuilder<(T0, T1)> {
            /// Finish writing the builder to get an [Offset](::planus::Offset) to a serialized [CustomMetadata].
            #[inline]
            pub fn finish(self, builder: &mut ::planus::Builder) -> ::planus::Offset<CustomMetadata>
            where
                Self: ::planus::WriteAsOffset<CustomMetadata>,
            {
                ::planus::WriteAsOffset::prepare(&self, builder)
            }
        }

        impl<
                T0: ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>,
                T1: ::planus::WriteAsOptional<::planus::Offset<[u8]>>,
            > ::planus::WriteAs<::planus::Offset<CustomMetadata>>
            for CustomMetadataBuilder<(T0, T1)>
        {
            type Prepared = ::planus::Offset<CustomMetadata>;

            #[inline]
            fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<CustomMetadata> {
                ::planus::WriteAsOffset::prepare(self, builder)
            }
        }

        impl<
                T0: ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>,
                T1: ::planus::WriteAsOptional<::planus::Offset<[u8]>>,
            > ::planus::WriteAsOptional<::planus::Offset<CustomMetadata>>
            for CustomMetadataBuilder<(T0, T1)>
        {
            type Prepared = ::planus::Offset<CustomMetadata>;

            #[inline]
            fn prepare(
                &self,
                builder: &mut ::planus::Builder,
            ) -> ::core::option::Option<::planus::Offset<CustomMetadata>> {
                ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
            }
        }

        impl<
                T0: ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>,
                T1: ::planus::WriteAsOptional<::planus::Offset<[u8]>>,
            > ::planus::WriteAsOffset<CustomMetadata> for CustomMetadataBuilder<(T0, T1)>
        {
            #[inline]
            fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<CustomMetadata> {
                let (v0, v1) = &self.0;
                CustomMetadata::create(builder, v0, v1)
            }
        }

        /// Reference to a deserialized [CustomMetadata].
        #[derive(Copy, Clone)]
        pub struct CustomMetadataRef<'a>(#[allow(dead_code)] ::planus::table_reader::Table<'a>);

        impl<'a> CustomMetadataRef<'a> {
            /// Getter for the [`name` field](CustomMetadata#structfield.name).
            #[inline]
            pub fn name(
                &self,
            ) -> ::planus::Result<::core::option::Option<&'a ::core::primitive::str>> {
                self.0.access(0, "CustomMetadata", "name")
            }

            /// Getter for the [`data` field](CustomMetadata#structfield.data).
            #[inline]
            pub fn data(&self) -> ::planus::Result<::core::option::Option<&'a [u8]>> {
                self.0.access(1, "CustomMetadata", "data")
            }
        }

        impl<'a> ::core::fmt::Debug for CustomMetadataRef<'a> {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                let mut f = f.debug_struct("CustomMetadataRef");
                if let ::core::option::Option::Some(field_name) = self.name().transpose() {
                    f.field("name", &field_name);
                }
                if let ::core::option::Option::Some(field_data) = self.data().transpose() {
                    f.field("data", &field_data);
                }
                f.finish()
            }
        }

        impl<'a> ::core::convert::TryFrom<CustomMetadataRef<'a>> for CustomMetadata {
            type Error = ::planus::Error;

            #[allow(unreachable_code)]
            fn try_from(value: CustomMetadataRef<'a>) -> ::planus::Result<Self> {
                ::core::result::Result::Ok(Self {
                    name: value.name()?.map(::core::convert::Into::into),
                    data: value.data()?.map(|v| v.to_vec()),
                })
            }
        }

        impl<'a> ::planus::TableRead<'a> for CustomMetadataRef<'a> {
            #[inline]
            fn from_buffer(
                buffer: ::planus::SliceWithStartOffset<'a>,
                offset: usize,
            ) -> ::core::result::Result<Self, ::planus::errors::ErrorKind> {
                ::core::result::Result::Ok(Self(::planus::table_reader::Table::from_buffer(
                    buffer, offset,
                )?))
            }
        }

        impl<'a> ::planus::VectorReadInner<'a> for CustomMetadataRef<'a> {
            type Error = ::planus::Error;
            const STRIDE: usize = 4;

            unsafe fn from_buffer(
                buffer: ::planus::SliceWithStartOffset<'a>,
                offset: usize,
            ) -> ::planus::Result<Self> {
                ::planus::TableRead::from_buffer(buffer, offset).map_err(|error_kind| {
                    error_kind.with_error_location(
                        "[CustomMetadataRef]",
                        "get",
                        buffer.offset_from_start,
                    )
                })
            }
        }

        /// # Safety
        /// The planus compiler generates implementations that initialize
        /// the bytes in `write_values`.
        unsafe impl ::planus::VectorWrite<::planus::Offset<CustomMetadata>> for CustomMetadata {
            type Value = ::planus::Offset<CustomMetadata>;
            const STRIDE: usize = 4;
            #[inline]
            fn prepare(&self, builder: &mut ::planus::Builder) -> Self::Value {
                ::planus::WriteAs::prepare(self, builder)
            }

            #[inline]
            unsafe fn write_values(
                values: &[::planus::Offset<CustomMetadata>],
                bytes: *mut ::core::mem::MaybeUninit<u8>,
                buffer_position: u32,
            ) {
                let bytes = bytes as *mut [::core::mem::MaybeUninit<u8>; 4];
                for (i, v) in ::core::iter::Iterator::enumerate(values.iter()) {
                    ::planus::WriteAsPrimitive::write(
                        v,
                        ::planus::Cursor::new(unsafe { &mut *bytes.add(i) }),
                        buffer_position - (Self::STRIDE * i) as u32,
                    );
                }
            }
        }

        impl<'a> ::planus::ReadAsRoot<'a> for CustomMetadataRef<'a> {
            fn read_as_root(slice: &'a [u8]) -> ::planus::Result<Self> {
                ::planus::TableRead::from_buffer(
                    ::planus::SliceWithStartOffset {
                        buffer: slice,
                        offset_from_start: 0,
                    },
                    0,
                )
                .map_err(|error_kind| {
                    error_kind.with_error_location("[CustomMetadataRef]", "read_as_root", 0)
                })
            }
        }

        /// The table `SubGraphMetadata` in the namespace `tflite`
        ///
        /// Generated from these locations:
        /// * Table `SubGraphMetadata` in the file `metadata_schema.fbs:621`
        #[derive(Clone, Debug, PartialEq, PartialOrd, ::serde::Serialize, ::serde::Deserialize)]
        pub struct SubGraphMetadata {
            /// The field `name` in the table `SubGraphMetadata`
            pub name: ::core::option::Option<::planus::alloc::string::String>,
            /// The field `description` in the table `SubGraphMetadata`
            pub description: ::core::option::Option<::planus::alloc::string::String>,
            /// The field `input_tensor_metadata` in the table `SubGraphMetadata`
            pub input_tensor_metadata:
                ::core::option::Option<::planus::alloc::vec::Vec<self::TensorMetadata>>,
            /// The field `output_tensor_metadata` in the table `SubGraphMetadata`
            pub output_tensor_metadata:
                ::core::option::Option<::planus::alloc::vec::Vec<self::TensorMetadata>>,
            /// The field `associated_files` in the table `SubGraphMetadata`
            pub associated_files:
                ::core::option::Option<::planus::alloc::vec::Vec<self::AssociatedFile>>,
            /// The field `input_process_units` in the table `SubGraphMetadata`
            pub input_process_units:
                ::core::option::Option<::planus::alloc::vec::Vec<self::ProcessUnit>>,
            /// The field `output_process_units` in the table `SubGraphMetadata`
            pub output_process_units:
                ::core::option::Option<::planus::alloc::vec::Vec<self::ProcessUnit>>,
            /// The field `input_tensor_groups` in the table `SubGraphMetadata`
            pub input_tensor_groups:
                ::core::option::Option<::planus::alloc::vec::Vec<self::TensorGroup>>,
            /// The field `output_tensor_groups` in the table `SubGraphMetadata`
            pub output_tensor_groups:
                ::core::option::Option<::planus::alloc::vec::Vec<self::TensorGroup>>,
            /// The field `custom_metadata` in the table `SubGraphMetadata`
            pub custom_metadata:
                ::core::option::Option<::planus::alloc::vec::Vec<self::CustomMetadata>>,
        }

        #[allow(clippy::derivable_impls)]
        impl ::core::default::Default for SubGraphMetadata {
            fn default() -> Self {
                Self {
                    name: ::core::default::Default::default(),
                    description: ::core::default::Default::default(),
                    input_tensor_metadata: ::core::default::Default::default(),
                    output_tensor_metadata: ::core::default::Default::default(),
                    associated_files: ::core::default::Default::default(),
                    input_process_units: ::core::default::Default::default(),
                    output_process_units: ::core::default::Default::default(),
                    input_tensor_groups: ::core::default::Default::default(),
                    output_tensor_groups: ::core::default::Default::default(),
                    custom_metadata: ::core::default::Default::default(),
                }
            }
        }

        impl SubGraphMetadata {
            /// Creates a [SubGraphMetadataBuilder] for serializing an instance of this table.
            #[inline]
            pub fn builder() -> SubGraphMetadataBuilder<()> {
                SubGraphMetadataBuilder(())
            }

            #[allow(clippy::too_many_arguments)]
            pub fn create(
                builder: &mut ::planus::Builder,
                field_name: impl ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>,
                field_description: impl ::planus::WriteAsOptional<
                    ::planus::Offset<::core::primitive::str>,
                >,
                field_input_tensor_metadata: impl ::planus::WriteAsOptional<
                    ::planus::Offset<[::planus::Offset<self::TensorMetadata>]>,
                >,
                field_output_tensor_metadata: impl ::planus::WriteAsOptional<
                    ::planus::Offset<[::planus::Offset<self::TensorMetadata>]>,
                >,
                field_associated_files: impl ::planus::WriteAsOptional<
                    ::planus::Offset<[::planus::Offset<self::AssociatedFile>]>,
                >,
                field_input_process_units: impl ::planus::WriteAsOptional<
                    ::planus::Offset<[::planus::Offset<self::ProcessUnit>]>,
                >,
                field_output_process_units: impl ::planus::WriteAsOptional<
                    ::planus::Offset<[::planus::Offset<self::ProcessUnit>]>,
                >,
                field_input_tensor_groups: impl ::planus::WriteAsOptional<
                    ::planus::Offset<[::planus::Offset<self::TensorGroup>]>,
                >,
                field_output_tensor_groups: impl ::planus::WriteAsOptional<
                    ::planus::Offset<[::planus::Offset<self::TensorGroup>]>,
                >,
                field_custom_metadata: impl ::planus::WriteAsOptional<
                    ::planus::Offset<[::planus::Offset<self::CustomMetadata>]>,
                >,
            ) -> ::planus::Offset<Self> {
                let prepared_name = field_name.prepare(builder);
                let prepared_description = field_description.prepare(builder);
                let prepared_input_tensor_metadata = field_input_tensor_metadata.prepare(builder);
                let prepared_output_tensor_metadata = field_output_tensor_metadata.prepare(builder);
                let prepared_associated_files = field_associated_files.prepare(builder);
                let prepared_input_process_units = field_input_process_units.prepare(builder);
                let prepared_output_process_units = field_output_process_units.prepare(builder);
                let prepared_input_tensor_groups = field_input_tensor_groups.prepare(builder);
                let prepared_output_tensor_groups = field_output_tensor_groups.prepare(builder);
                let prepared_custom_metadata = field_custom_metadata.prepare(builder);

                let mut table_writer: ::planus::table_writer::TableWriter<24> =
                    ::core::default::Default::default();
                if prepared_name.is_some() {
                    table_writer.write_entry::<::planus::Offset<str>>(0);
                }
                if prepared_description.is_some() {
                    table_writer.write_entry::<::planus::Offset<str>>(1);
                }
                if prepared_input_tensor_metadata.is_some() {
                    table_writer
                        .write_entry::<::planus::Offset<[::planus::Offset<self::TensorMetadata>]>>(
                            2,
                        );
                }
                if prepared_output_tensor_metadata.is_some() {
                    table_writer
                        .write_entry::<::planus::Offset<[::planus::Offset<self::TensorMetadata>]>>(
                            3,
                        );
                }
                if prepared_associated_files.is_some() {
                    table_writer
                        .write_entry::<::planus::Offset<[::planus::Offset<self::AssociatedFile>]>>(
                            4,
                        );
                }
                if prepared_input_process_units.is_some() {
                    table_writer
                        .write_entry::<::planus::Offset<[::planus::Offset<self::ProcessUnit>]>>(5);
                }
                if prepared_output_process_units.is_some() {
                    table_writer
                        .write_entry::<::planus::Offset<[::planus::Offset<self::ProcessUnit>]>>(6);
                }
                if prepared_input_tensor_groups.is_some() {
                    table_writer
                        .write_entry::<::planus::Offset<[::planus::Offset<self::TensorGroup>]>>(7);
                }
                if prepared_output_tensor_groups.is_some() {
                    table_writer
                        .write_entry::<::planus::Offset<[::planus::Offset<self::TensorGroup>]>>(8);
                }
                if prepared_custom_metadata.is_some() {
                    table_writer
                        .write_entry::<::planus::Offset<[::planus::Offset<self::CustomMetadata>]>>(
                            9,
                        );
                }

                unsafe {
                    table_writer.finish(builder, |object_writer| {
                        if let ::core::option::Option::Some(prepared_name) = prepared_name {
                            object_writer.write::<_, _, 4>(&prepared_name);
                        }
                        if let ::core::option::Option::Some(prepared_description) =
                            prepared_description
                        {
                            object_writer.write::<_, _, 4>(&prepared_description);
                        }
                        if let ::core::option::Option::Some(prepared_input_tensor_metadata) =
                            prepared_input_tensor_metadata
                        {
                            object_writer.write::<_, _, 4>(&prepared_input_tensor_metadata);
                        }
                        if let ::core::option::Option::Some(prepared_output_tensor_metadata) =
                            prepared_output_tensor_metadata
                        {
                            object_writer.write::<_, _, 4>(&prepared_output_tensor_metadata);
                        }
                        if let ::core::option::Option::Some(prepared_associated_files) =
                            prepared_associated_files
                        {
                            object_writer.write::<_, _, 4>(&prepared_associated_files);
                        }
                        if let ::core::option::Option::Some(prepared_input_process_units) =
                            prepared_input_process_units
                        {
                            object_writer.write::<_, _, 4>(&prepared_input_process_units);
                        }
                        if let ::core::option::Option::Some(prepared_output_process_units) =
                            prepared_output_process_units
                        {
                            object_writer.write::<_, _, 4>(&prepared_output_process_units);
                        }
                        if let ::core::option::Option::Some(prepared_input_tensor_groups) =
                            prepared_input_tensor_groups
                        {
                            object_writer.write::<_, _, 4>(&prepared_input_tensor_groups);
                        }
                        if let ::core::option::Option::Some(prepared_output_tensor_groups) =
                            prepared_output_tensor_groups
                        {
                            object_writer.write::<_, _, 4>(&prepared_output_tensor_groups);
                        }
                        if let ::core::option::Option::Some(prepared_custom_metadata) =
                            prepared_custom_metadata
                        {
                            object_writer.write::<_, _, 4>(&prepared_custom_metadata);
                        }
                    });
                }
                builder.current_offset()
            }
        }

        impl ::planus::WriteAs<::planus::Offset<SubGraphMetadata>> for SubGraphMetadata {
            type Prepared = ::planus::Offset<Self>;

            #[inline]
            fn prepare(
                &self,
                builder: &mut ::planus::Builder,
            ) -> ::planus::Offset<SubGraphMetadata> {
                ::planus::WriteAsOffset::prepare(self, builder)
            }
        }

        impl ::planus::WriteAsOptional<::planus::Offset<SubGraphMetadata>> for SubGraphMetadata {
            type Prepared = ::planus::Offset<Self>;

            #[inline]
            fn prepare(
                &self,
                builder: &mut ::planus::Builder,
            ) -> ::core::option::Option<::planus::Offset<SubGraphMetadata>> {
                ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
            }
        }

        impl ::planus::WriteAsOffset<SubGraphMetadata> for SubGraphMetadata {
            #[inline]
            fn prepare(
                &self,
                builder: &mut ::planus::Builder,
            ) -> ::planus::Offset<SubGraphMetadata> {
                SubGraphMetadata::create(
                    builder,
                    &self.name,
                    &self.description,
                    &self.input_tensor_metadata,
                    &self.output_tensor_metadata,
                    &self.associated_files,
                    &self.input_process_units,
                    &self.output_process_units,
                    &self.input_tensor_groups,
                    &self.output_tensor_groups,
                    &self.custom_metadata,
                )
            }
        }

        /// Builder for serializing an instance of the [SubGraphMetadata] type.
        ///
        /// Can be created using the [SubGraphMetadata::builder] method.
        #[derive(Debug)]
        #[must_use]
        pub struct SubGraphMetadataBuilder<State>(State);

        impl SubGraphMetadataBuilder<()> {
            /// Setter for the [`name` field](SubGraphMetadata#structfield.name).
            #[inline]
            #[allow(clippy::type_complexity)]
            pub fn name<T0>(self, value: T0) -> SubGraphMetadataBuilder<(T0,)>
            where
                T0: ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>,
            {
                SubGraphMetadataBuilder((value,))
            }

            /// Sets the [`name` field](SubGraphMetadata#structfield.name) to null.
            #[inline]
            #[allow(clippy::type_complexity)]
            pub fn name_as_null(self) -> SubGraphMetadataBuilder<((),)> {
                self.name(())
            }
        }

        impl<T0> SubGraphMetadataBuilder<(T0,)> {
            /// Setter for the [`description` field](SubGraphMetadata#structfield.description).
            #[inline]
            #[allow(clippy::type_complexity)]
            pub fn description<T1>(self, value: T1) -> SubGraphMetadataBuilder<(T0, T1)>
            where
                T1: ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>,
            {
                let (v0,) = self.0;
                SubGraphMetadataBuilder((v0, value))
            }

            /// Sets the [`description` field](SubGraphMetadata#structfield.description) to null.
            #[inline]
            #[allow(clippy::type_complexity)]
            pub fn description_as_null(self) -> SubGraphMetadataBuilder<(T0, ())> {
                self.description(())
            }
        }

        impl<T0, T1> SubGraphMetadataBuilder<(T0, T1)> {
            /// Setter for the [`input_tensor_metadata` field](SubGraphMetadata#structfield.input_tensor_metadata).
            #[inline]
            #[allow(clippy::type_complexity)]
            pub fn input_tensor_metadata<T2>(
                self,
                value: T2,
            ) -> SubGraphMetadataBuilder<(T0, T1, T2)>
            where
                T2: ::planus::WriteAsOptional<
                    ::planus::Offset<[::planus::Offset<self::TensorMetadata>]>,
                >,
            {
                let (v0, v1) = self.0;
                SubGraphMetadataBuilder((v0, v1, value))
            }

            /// Sets the [`input_tensor_metadata` field](SubGraphMetadata#structfield.input_tensor_metadata) to null.
            #[inline]
            #[allow(clippy::type_complexity)]
            pub fn input_tensor_metadata_as_null(self) -> SubGraphMetadataBuilder<(T0, T1, ())> {
                self.input_tensor_metadata(())
            }
        }

        impl<T0, T1, T2> SubGraphMetadataBuilder<(T0, T1, T2)> {
            /// Setter for the [`output_tensor_metadata` field](SubGraphMetadata#structfield.output_tensor_metadata).
            #[inline]
            #[allow(clippy::type_complexity)]
            pub fn output_tensor_metadata<T3>(
                self,
                value: T3,
            ) -> SubGraphMetadataBuilder<(T0, T1, T2, T3)>
            where
                T3: ::planus::WriteAsOptional<
                    ::planus::Offset<[::planus::Offset<self::TensorMetadata>]>,
                >,
            {
                let (v0, v1, v2) = self.0;
                SubGraphMetadataBuilder((v0, v1, v2, value))
            }

            /// Sets the [`output_tensor_metadata` field](SubGraphMetadata#structfield.output_tensor_metadata) to null.
            #[inline]
            #[allow(clippy::type_complexity)]
            pub fn output_tensor_metadata_as_null(
                self,
            ) -> SubGraphMetadataBuilder<(T0, T1, T2, ())> {
                self.output_tensor_metadata(())
            }
        }

        impl<T0, T1, T2, T3> SubGraphMetadataBuilder<(T0, T1, T2, T3)> {
            /// Setter for the [`associated_files` field](SubGraphMetadata#structfield.associated_files).
            #[inline]
            #[allow(clippy::type_complexity)]
            pub fn associated_files<T4>(
                self,
                value: T4,
            ) -> SubGraphMetadataBuilder<(T0, T1, T2, T3, T4)>
            where
                T4: ::planus::WriteAsOptional<
                    ::planus::Offset<[::planus::Offset<self::AssociatedFile>]>,
                >,
            {
                let (v0, v1, v2, v3) = self.0;
                SubGraphMetadataBuilder((v0, v1, v2, v3, value))
            }

            /// Sets the [`associated_files` field](SubGraphMetadata#structfield.associated_files) to null.
            #[inline]
            #[allow(clippy::type_complexity)]
            pub fn associated_files_as_null(self) -> SubGraphMetadataBuilder<(T0, T1, T2, T3, ())> {
                self.associated_files(())
            }
        }

        impl<T0, T1, T2, T3, T4> SubGraphMetadataBuilder<(T0, T1, T2, T3, T4)> {
            /// Setter for the [`input_process_units` field](SubGraphMetadata#structfield.input_process_units).
            #[inline]
            #[allow(clippy::type_complexity)]
            pub fn input_process_units<T5>(
                self,
                value: T5,
            ) -> SubGraphMetadataBuilder<(T0, T1, T2, T3, T4, T5)>
            where
                T5: ::planus::WriteAsOptional<
                    ::planus::Offset<[::planus::Offset<self::ProcessUnit>]>,
                >,
            {
                let (v0, v1, v2, v3, v4) = self.0;
                SubGraphMetadataBuilder((v0, v1, v2, v3, v4, value))
            }

            /// Sets the [`input_process_units` field](SubGraphMetadata#structfield.input_process_units) to null.
            #[inline]
            #[allow(clippy::type_complexity)]
            pub fn input_process_units_as_null(
                self,
            ) -> SubGraphMetadataBuilder<(T0, T1, T2, T3, T4, ())> {
                self.input_process_units(())
            }
        }

        impl<T0, T1, T2, T3, T4, T5> SubGraphMetadataBuilder<(T0, T1, T2, T3, T4, T5)> {
            /// Setter for the [`output_process_units` field](SubGraphMetadata#structfield.output_process_units).
            #[inline]
            #[allow(clippy::type_complexity)]
            pub fn output_process_units<T6>(
                self,
                value: T6,
            ) -> SubGraphMetadataBuilder<(T0, T1, T2, T3, T4, T5, T6)>
            where
                T6: ::planus::WriteAsOptional<
                    ::planus::Offset<[::planus::Offset<self::ProcessUnit>]>,
                >,
            {
                let (v0, v1, v2, v3, v4, v5) = self.0;
                SubGraphMetadataBuilder((v0, v1, v2, v3, v4, v5, value))
            }

            /// Sets the [`output_process_units` field](SubGraphMetadata#structfield.output_process_units) to null.
            #[inline]
            #[allow(clippy::type_complexity)]
            pub fn output_process_units_as_null(
                self,
            ) -> SubGraphMetadataBuilder<(T0, T1, T2, T3, T4, T5, ())> {
                self.output_process_units(())
            }
        }

        impl<T0, T1, T2, T3, T4, T5, T6> SubGraphMetadataBuilder<(T0, T1, T2, T3, T4, T5, T6)> {
            /// Setter for the [`input_tensor_groups` field](SubGraphMetadata#structfield.input_tensor_groups).
            #[inline]
            #[allow(clippy::type_complexity)]
            pub fn input_tensor_groups<T7>(
                self,
                value: T7,
            ) -> SubGraphMetadataBuilder<(T0, T1, T2, T3, T4, T5, T6, T7)>
            where
                T7: ::planus::WriteAsOptional<
                    ::planus::Offset<[::planus::Offset<self::TensorGroup>]>,
                >,
            {
                let (v0, v1, v2, v3, v4, v5, v6) = self.0;
                SubGraphMetadataBuilder((v0, v1, v2, v3, v4, v5, v6, value))
            }

            /// Sets the [`input_tensor_groups` field](SubGraphMetadata#structfield.input_tensor_groups) to null.
            #[inline]
            #[allow(clippy::type_complexity)]
            pub fn input_tensor_groups_as_null(
                self,
            ) -> SubGraphMetadataBuilder<(T0, T1, T2, T3, T4, T5, T6, ())> {
                self.input_tensor_groups(())
            }
        }

        impl<T0, T1, T2, T3, T4, T5, T6, T7> SubGraphMetadataBuilder<(T0, T1, T2, T3, T4, T5, T6, T7)> {
            /// Setter for the [`output_tensor_groups` field](SubGraphMetadata#structfield.output_tensor_groups).
            #[inline]
            #[allow(clippy::type_complexity)]
            pub fn output_tensor_groups<T8>(
                self,
                value: T8,
            ) -> SubGraphMetadataBuilder<(T0, T1, T2, T3, T4, T5, T6, T7, T8)>
            where
                T8: ::planus::WriteAsOptional<
                    ::planus::Offset<[::planus::Offset<self::TensorGroup>]>,
                >,
            {
                let (v0, v1, v2, v3, v4, v5, v6, v7) = self.0;
                SubGraphMetadataBuilder((v0, v1, v2, v3, v4, v5, v6, v7, value))
            }

            /// Sets the [`output_tensor_groups` field](SubGraphMetadata#structfield.output_tensor_groups) to null.
            #[inline]
            #[allow(clippy::type_complexity)]
            pub fn output_tensor_groups_as_null(
                self,
            ) -> SubGraphMetadataBuilder<(T0, T1, T2, T3, T4, T5, T6, T7, ())> {
                self.output_tensor_groups(())
            }
        }

        impl<T0, T1, T2, T3, T4, T5, T6, T7, T8>
            SubGraphMetadataBuilder<(T0, T1, T2, T3, T4, T5, T6, T7, T8)>
        {
            /// Setter for the [`custom_metadata` field](SubGraphMetadata#structfield.custom_metadata).
            #[inline]
            #[allow(clippy::type_complexity)]
            pub fn custom_metadata<T9>(
                self,
                value: T9,
            ) -> SubGraphMetadataBuilder<(T0, T1, T2, T3, T4, T5, T6, T7, T8, T9)>
            where
                T9: ::planus::WriteAsOptional<
                    ::planus::Offset<[::planus::Offset<self::CustomMetadata>]>,
                >,
            {
                let (v0, v1, v2, v3, v4, v5, v6, v7, v8) = self.0;
                SubGraphMetadataBuilder((v0, v1, v2, v3, v4, v5, v6, v7, v8, value))
            }

            /// Sets the [`custom_metadata` field](SubGraphMetadata#structfield.custom_metadata) to null.
            #[inline]
            #[allow(clippy::type_complexity)]
            pub fn custom_metadata_as_null(
                self,
            ) -> SubGraphMetadataBuilder<(T0, T1, T2, T3, T4, T5, T6, T7, T8, ())> {
                self.custom_metadata(())
            }
        }

        impl<T0, T1, T2, T3, T4, T5, T6, T7, T8, T9>
            SubGraphMetadataBuilder<(T0, T1, T2, T3, T4, T5, T6, T7, T8, T9)>
        {
            /// Finish writing the builder to get an [Offset](::planus::Offset) to a serialized [SubGraphMetadata].
            #[inline]
            pub fn finish(
                self,
                builder: &mut ::planus::Builder,
            ) -> ::planus::Offset<SubGraphMetadata>
            where
                Self: ::planus::WriteAsOffset<SubGraphMetadata>,
            {
                ::planus::WriteAsOffset::prepare(&self, builder)
            }
        }

        impl<
                T0: ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>,
                T1: ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>,
                T2: ::planus::WriteAsOptional<
                    ::planus::Offset<[::planus::Offset<self::TensorMetadata>]>,
                >,
                T3: ::planus::WriteAsOptional<
                    ::planus::Offset<[::planus::Offset<self::TensorMetadata>]>,
                >,
                T4: ::planus::WriteAsOptional<
                    ::planus::Offset<[::planus::Offset<self::AssociatedFile>]>,
                >,
                T5: ::planus::WriteAsOptional<::planus::Offset<[::planus::Offset<self::ProcessUnit>]>>,
                T6: ::planus::WriteAsOptional<::planus::Offset<[::planus::Offset<self::ProcessUnit>]>>,
                T7: ::planus::WriteAsOptional<::planus::Offset<[::planus::Offset<self::TensorGroup>]>>,
                T8: ::planus::WriteAsOptional<::planus::Offset<[::planus::Offset<self::TensorGroup>]>>,
                T9: ::planus::WriteAsOptional<
                    ::planus::Offset<[::planus::Offset<self::CustomMetadata>]>,
                >,
            > ::planus::WriteAs<::planus::Offset<SubGraphMetadata>>
            for SubGraphMetadataBuilder<(T0, T1, T2, T3, T4, T5, T6, T7, T8, T9)>
        {
            type Prepared = ::planus::Offset<SubGraphMetadata>;

            #[inline]
            fn prepare(
                &self,
                builder: &mut ::planus::Builder,
            ) -> ::planus::Offset<SubGraphMetadata> {
                ::planus::WriteAsOffset::prepare(self, builder)
            }
        }

        impl<
                T0: ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>,
                T1: ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>,
                T2: ::planus::WriteAsOptional<
                    ::planus::Offset<[::planus::Offset<self::TensorMetadata>]>,
                >,
                T3: ::planus::WriteAsOptional<
                    ::planus::Offset<[::planus::Offset<self::TensorMetadata>]>,
                >,
                T4: ::planus::WriteAsOptional<
                    ::planus::Offset<[::planus::Offset<self::AssociatedFile>]>,
                >,
                T5: ::planus::WriteAsOptional<::planus::Offset<[::planus::Offset<self::ProcessUnit>]>>,
                T6: ::planus::WriteAsOptional<::planus::Offset<[::planus::Offset<self::ProcessUnit>]>>,
                T7: ::planus::WriteAsOptional<::planus::Offset<[::planus::Offset<self::TensorGroup>]>>,
                T8: ::planus::WriteAsOptional<::planus::Offset<[::planus::Offset<self::TensorGroup>]>>,
                T9: ::planus::WriteAsOptional<
                    ::planus::Offset<[::planus::Offset<self::CustomMetadata>]>,
                >,
            > ::planus::WriteAsOptional<::planus::Offset<SubGraphMetadata>>
            for SubGraphMetadataBuilder<(T0, T1, T2, T3, T4, T5, T6, T7, T8, T9)>
        {
            type Prepared = ::planus::Offset<SubGraphMetadata>;

            #[inline]
            fn prepare(
                &self,
                builder: &mut ::planus::Builder,
            ) -> ::core::option::Option<::planus::Offset<SubGraphMetadata>> {
                ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
            }
        }

        impl<
                T0: ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>,
                T1: ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>,
                T2: ::planus::WriteAsOptional<
                    ::planus::Offset<[::planus::Offset<self::TensorMetadata>]>,
                >,
                T3: ::planus::WriteAsOptional<
                    ::planus::Offset<[::planus::Offset<self::TensorMetadata>]>,
                >,
                T4: ::planus::WriteAsOptional<
                    ::planus::Offset<[::planus::Offset<self::AssociatedFile>]>,
                >,
                T5: ::planus::WriteAsOptional<::planus::Offset<[::planus::Offset<self::ProcessUnit>]>>,
                T6: ::planus::WriteAsOptional<::planus::Offset<[::planus::Offset<self::ProcessUnit>]>>,
                T7: ::planus::WriteAsOptional<::planus::Offset<[::planus::Offset<self::TensorGroup>]>>,
                T8: ::planus::WriteAsOptional<::planus::Offset<[::planus::Offset<self::TensorGroup>]>>,
                T9: ::planus::WriteAsOptional<
                    ::planus::Offset<[::planus::Offset<self::CustomMetadata>]>,
                >,
            > ::planus::WriteAsOffset<SubGraphMetadata>
            for SubGraphMetadataBuilder<(T0, T1, T2, T3, T4, T5, T6, T7, T8, T9)>
        {
            #[inline]
            fn prepare(
                &self,
                builder: &mut ::planus::Builder,
            ) -> ::planus::Offset<SubGraphMetadata> {
                let (v0, v1, v2, v3, v4, v5, v6, v7, v8, v9) = &self.0;
                SubGraphMetadata::create(builder, v0, v1, v2, v3, v4, v5, v6, v7, v8, v9)
            }
        }

        /// Reference to a deserialized [SubGraphMetadata].
        #[derive(Copy, Clone)]
        pub struct SubGraphMetadataRef<'a>(#[allow(dead_code)] ::planus::table_reader::Table<'a>);

        impl<'a> SubGraphMetadataRef<'a> {
            /// Getter for the [`name` field](SubGraphMetadata#structfield.name).
            #[inline]
            pub fn name(
                &self,
            ) -> ::planus::Result<::core::option::Option<&'a ::core::primitive::str>> {
                self.0.access(0, "SubGraphMetadata", "name")
            }

            /// Getter for the [`description` field](SubGraphMetadata#structfield.description).
            #[inline]
            pub fn description(
                &self,
            ) -> ::planus::Result<::core::option::Option<&'a ::core::primitive::str>> {
                self.0.access(1, "SubGraphMetadata", "description")
            }

            /// Getter for the [`input_tensor_metadata` field](SubGraphMetadata#structfield.input_tensor_metadata).
            #[inline]
            pub fn input_tensor_metadata(
                &self,
            ) -> ::planus::Result<
                ::core::option::Option<
                    ::planus::Vector<'a, ::planus::Result<self::TensorMetadataRef<'a>>>,
                >,
            > {
                self.0
                    .access(2, "SubGraphMetadata", "input_tensor_metadata")
            }

            /// Getter for the [`output_tensor_metadata` field](SubGraphMetadata#structfield.output_tensor_metadata).
            #[inline]
            pub fn output_tensor_metadata(
                &self,
            ) -> ::planus::Result<
                ::core::option::Option<
                    ::planus::Vector<'a, ::planus::Result<self::TensorMetadataRef<'a>>>,
                >,
            > {
                self.0
                    .access(3, "SubGraphMetadata", "output_tensor_metadata")
            }

            /// Getter for the [`associated_files` field](SubGraphMetadata#structfield.associated_files).
            #[inline]
            pub fn associated_files(
                &self,
            ) -> ::planus::Result<
                ::core::option::Option<
                    ::planus::Vector<'a, ::planus::Result<self::AssociatedFileRef<'a>>>,
                >,
            > {
                self.0.access(4, "SubGraphMetadata", "associated_files")
            }

            /// Getter for the [`input_process_units` field](SubGraphMetadata#structfield.input_process_units).
            #[inline]
            pub fn input_process_units(
                &self,
            ) -> ::planus::Result<
                ::core::option::Option<
                    ::planus::Vector<'a, ::planus::Result<self::ProcessUnitRef<'a>>>,
                >,
            > {
                self.0.access(5, "SubGraphMetadata", "input_process_units")
            }

            /// Getter for the [`output_process_units` field](SubGraphMetadata#structfield.output_process_units).
            #[inline]
            pub fn output_process_units(
                &self,
            ) -> ::planus::Result<
                ::core::option::Option<
                    ::planus::Vector<'a, ::planus::Result<self::ProcessUnitRef<'a>>>,
                >,
            > {
                self.0.access(6, "SubGraphMetadata", "output_process_units")
            }

            /// Getter for the [`input_tensor_groups` field](SubGraphMetadata#structfield.input_tensor_groups).
            #[inline]
            pub fn input_tensor_groups(
                &self,
            ) -> ::planus::Result<
                ::core::option::Option<
                    ::planus::Vector<'a, ::planus::Result<self::TensorGroupRef<'a>>>,
                >,
            > {
                self.0.access(7, "SubGraphMetadata", "input_tensor_groups")
            }

            /// Getter for the [`output_tensor_groups` field](SubGraphMetadata#structfield.output_tensor_groups).
            #[inline]
            pub fn output_tensor_groups(
                &self,
            ) -> ::planus::Result<
                ::core::option::Option<
                    ::planus::Vector<'a, ::planus::Result<self::TensorGroupRef<'a>>>,
                >,
            > {
                self.0.access(8, "SubGraphMetadata", "output_tensor_groups")
            }

            /// Getter for the [`custom_metadata` field](SubGraphMetadata#structfield.custom_metadata).
            #[inline]
            pub fn custom_metadata(
                &self,
            ) -> ::planus::Result<
                ::core::option::Option<
                    ::planus::Vector<'a, ::planus::Result<self::CustomMetadataRef<'a>>>,
                >,
            > {
                self.0.access(9, "SubGraphMetadata", "custom_metadata")
            }
        }

        impl<'a> ::core::fmt::Debug for SubGraphMetadataRef<'a> {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                let mut f = f.debug_struct("SubGraphMetadataRef");
                if let ::core::option::Option::Some(field_name) = self.name().transpose() {
                    f.field("name", &field_name);
                }
                if let ::core::option::Option::Some(field_description) =
                    self.description().transpose()
                {
                    f.field("description", &field_description);
                }
                if let ::core::option::Option::Some(field_input_tensor_metadata) =
                    self.input_tensor_metadata().transpose()
                {
                    f.field("input_tensor_metadata", &field_input_tensor_metadata);
                }
                if let ::core::option::Option::Some(field_output_tensor_metadata) =
                    self.output_tensor_metadata().transpose()
                {
                    f.field("output_tensor_metadata", &field_output_tensor_metadata);
                }
                if let ::core::option::Option::Some(field_associated_files) =
                    self.associated_files().transpose()
                {
                    f.field("associated_files", &field_associated_files);
                }
                if let ::core::option::Option::Some(field_input_process_units) =
                    self.input_process_units().transpose()
                {
                    f.field("input_process_units", &field_input_process_units);
                }
                if let ::core::option::Option::Some(field_output_process_units) =
                    self.output_process_units().transpose()
                {
                    f.field("output_process_units", &field_output_process_units);
                }
                if let ::core::option::Option::Some(field_input_tensor_groups) =
                    self.input_tensor_groups().transpose()
                {
                    f.field("input_tensor_groups", &field_input_tensor_groups);
                }
                if let ::core::option::Option::Some(field_output_tensor_groups) =
                    self.output_tensor_groups().transpose()
                {
                    f.field("output_tensor_groups", &field_output_tensor_groups);
                }
                if let ::core::option::Option::Some(field_custom_metadata) =
                    self.custom_metadata().transpose()
                {
                    f.field("custom_metadata", &field_custom_metadata);
                }
                f.finish()
            }
        }

        impl<'a> ::core::convert::TryFrom<SubGraphMetadataRef<'a>> for SubGraphMetadata {
            type Error = ::planus::Error;

            #[allow(unreachable_code)]
            fn try_from(value: SubGraphMetadataRef<'a>) -> ::planus::Result<Self> {
                ::core::result::Result::Ok(Self {
                    name: value.name()?.map(::core::convert::Into::into),
                    description: value.description()?.map(::core::convert::Into::into),
                    input_tensor_metadata: if let ::core::option::Option::Some(
                        input_tensor_metadata,
                    ) = value.input_tensor_metadata()?
                    {
                        ::core::option::Option::Some(input_tensor_metadata.to_vec_result()?)
                    } else {
                        ::core::option::Option::None
                    },
                    output_tensor_metadata: if let ::core::option::Option::Some(
                        output_tensor_metadata,
                    ) = value.output_tensor_metadata()?
                    {
                        ::core::option::Option::Some(output_tensor_metadata.to_vec_result()?)
                    } else {
                        ::core::option::Option::None
                    },
                    associated_files: if let ::core::option::Option::Some(associated_files) =
                        value.associated_files()?
                    {
                        ::core::option::Option::Some(associated_files.to_vec_result()?)
                    } else {
                        ::core::option::Option::None
                    },
                    input_process_units: if let ::core::option::Option::Some(input_process_units) =
                        value.input_process_units()?
                    {
                        ::core::option::Option::Some(input_process_units.to_vec_result()?)
                    } else {
                        ::core::option::Option::None
                    },
                    output_process_units: if let ::core::option::Option::Some(
                        output_process_units,
                    ) = value.output_process_units()?
                    {
                        ::core::option::Option::Some(output_process_units.to_vec_result()?)
                    } else {
                        ::core::option::Option::None
                    },
                    input_tensor_groups: if let ::core::option::Option::Some(input_tensor_groups) =
                        value.input_tensor_groups()?
                    {
                        ::core::option::Option::Some(input_tensor_groups.to_vec_result()?)
                    } else {
                        ::core::option::Option::None
                    },
                    output_tensor_groups: if let ::core::option::Option::Some(
                        output_tensor_groups,
                    ) = value.output_tensor_groups()?
                    {
                        ::core::option::Option::Some(output_tensor_groups.to_vec_result()?)
                    } else {
                        ::core::option::Option::None
                    },
                    custom_metadata: if let ::core::option::Option::Some(custom_metadata) =
                        value.custom_metadata()?
                    {
                        ::core::option::Option::Some(custom_metadata.to_vec_result()?)
                    } else {
                        ::core::option::Option::None
                    },
                })
            }
        }

        impl<'a> ::planus::TableRead<'a> for SubGraphMetadataRef<'a> {
            #[inline]
            fn from_buffer(
                buffer: ::planus::SliceWithStartOffset<'a>,
                offset: usize,
            ) -> ::core::result::Result<Self, ::planus::errors::ErrorKind> {
                ::core::result::Result::Ok(Self(::planus::table_reader::Table::from_buffer(
                    buffer, offset,
                )?))
            }
        }

        impl<'a> ::planus::VectorReadInner<'a> for SubGraphMetadataRef<'a> {
            type Error = ::planus::Error;
            const STRIDE: usize = 4;

            unsafe fn from_buffer(
                buffer: ::planus::SliceWithStartOffset<'a>,
                offset: usize,
            ) -> ::planus::Result<Self> {
                ::planus::TableRead::from_buffer(buffer, offset).map_err(|error_kind| {
                    error_kind.with_error_location(
                        "[SubGraphMetadataRef]",
                        "get",
                        buffer.offset_from_start,
                    )
                })
            }
        }

        /// # Safety
        /// The planus compiler generates implementations that initialize
        /// the bytes in `write_values`.
        unsafe impl ::planus::VectorWrite<::planus::Offset<SubGraphMetadata>> for SubGraphMetadata {
            type Value = ::planus::Offset<SubGraphMetadata>;
            const STRIDE: usize = 4;
            #[inline]
            fn prepare(&self, builder: &mut ::planus::Builder) -> Self::Value {
                ::planus::WriteAs::prepare(self, builder)
            }

            #[inline]
            unsafe fn write_values(
                values: &[::planus::Offset<SubGraphMetadata>],
                bytes: *mut ::core::mem::MaybeUninit<u8>,
                buffer_position: u32,
            ) {
                let bytes = bytes as *mut [::core::mem::MaybeUninit<u8>; 4];
                for (i, v) in ::core::iter::Iterator::enumerate(values.iter()) {
                    ::planus::WriteAsPrimitive::write(
                        v,
                        ::planus::Cursor::new(unsafe { &mut *bytes.add(i) }),
                        buffer_position - (Self::STRIDE * i) as u32,
                    );
                }
            }
        }

        impl<'a> ::planus::ReadAsRoot<'a> for SubGraphMetadataRef<'a> {
            fn read_as_root(slice: &'a [u8]) -> ::planus::Result<Self> {
                ::planus::TableRead::from_buffer(
                    ::planus::SliceWithStartOffset {
                        buffer: slice,
                        offset_from_start: 0,
                    },
                    0,
                )
                .map_err(|error_kind| {
                    error_kind.with_error_location("[SubGraphMetadataRef]", "read_as_root", 0)
                })
            }
        }

        /// The table `ModelMetadata` in the namespace `tflite`
        ///
        /// Generated from these locations:
        /// * Table `ModelMetadata` in the file `metadata_schema.fbs:693`
        #[derive(Clone, Debug, PartialEq, PartialOrd, ::serde::Serialize, ::serde::Deserialize)]
        pub struct ModelMetadata {
            /// The field `name` in the table `ModelMetadata`
            pub name: ::core::option::Option<::planus::alloc::string::String>,
            /// The field `description` in the table `ModelMetadata`
            pub description: ::core::option::Option<::planus::alloc::string::String>,
            /// The field `version` in the table `ModelMetadata`
            pub version: ::core::option::Option<::planus::alloc::string::String>,
            /// The field `subgraph_metadata` in the table `ModelMetadata`
            pub subgraph_metadata:
                ::core::option::Option<::planus::alloc::vec::Vec<self::SubGraphMetadata>>,
            /// The field `author` in the table `ModelMetadata`
            pub author: ::core::option::Option<::planus::alloc::string::String>,
            /// The field `license` in the table `ModelMetadata`
            pub license: ::core::option::Option<::planus::alloc::string::String>,
            /// The field `associated_files` in the table `ModelMetadata`
            pub associated_files:
                ::core::option::Option<::planus::alloc::vec::Vec<self::AssociatedFile>>,
            /// The field `min_parser_version` in the table `ModelMetadata`
            pub min_parser_version: ::core::option::Option<::planus::alloc::string::String>,
        }

        #[allow(clippy::derivable_impls)]
        impl ::core::default::Default for ModelMetadata {
            fn default() -> Self {
                Self {
                    name: ::core::default::Default::default(),
                    description: ::core::default::Default::default(),
                    version: ::core::default::Default::default(),
                    subgraph_metadata: ::core::default::Default::default(),
                    author: ::core::default::Default::default(),
                    license: ::core::default::Default::default(),
                    associated_files: ::core::default::Default::default(),
                    min_parser_version: ::core::default::Default::default(),
                }
            }
        }

        impl ModelMetadata {
            /// Creates a [ModelMetadataBuilder] for serializing an instance of this table.
            #[inline]
            pub fn builder() -> ModelMetadataBuilder<()> {
                ModelMetadataBuilder(())
            }

            #[allow(clippy::too_many_arguments)]
            pub fn create(
                builder: &mut ::planus::Builder,
                field_name: impl ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>,
                field_description: impl ::planus::WriteAsOptional<
                    ::planus::Offset<::core::primitive::str>,
                >,
                field_version: impl ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>,
                field_subgraph_metadata: impl ::planus::WriteAsOptional<
                    ::planus::Offset<[::planus::Offset<self::SubGraphMetadata>]>,
                >,
                field_author: impl ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>,
                field_license: impl ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>,
                field_associated_files: impl ::planus::WriteAsOptional<
                    ::planus::Offset<[::planus::Offset<self::AssociatedFile>]>,
                >,
                field_min_parser_version: impl ::planus::WriteAsOptional<
                    ::planus::Offset<::core::primitive::str>,
                >,
            ) -> ::planus::Offset<Self> {
                let prepared_name = field_name.prepare(builder);
                let prepared_description = field_description.prepare(builder);
                let prepared_version = field_version.prepare(builder);
                let prepared_subgraph_metadata = field_subgraph_metadata.prepare(builder);
                let prepared_author = field_author.prepare(builder);
                let prepared_license = field_license.prepare(builder);
                let prepared_associated_files = field_associated_files.prepare(builder);
                let prepared_min_parser_version = field_min_parser_version.prepare(builder);

                let mut table_writer: ::planus::table_writer::TableWriter<20> =
                    ::core::default::Default::default();
                if prepared_name.is_some() {
                    table_writer.write_entry::<::planus::Offset<str>>(0);
                }
                if prepared_description.is_some() {
                    table_writer.write_entry::<::planus::Offset<str>>(1);
                }
                if prepared_version.is_some() {
                    table_writer.write_entry::<::planus::Offset<str>>(2);
                }
                if prepared_subgraph_metadata.is_some() {
                    table_writer.write_entry::<::planus::Offset<[::planus::Offset<self::SubGraphMetadata>]>>(3);
                }
                if prepared_author.is_some() {
                    table_writer.write_entry::<::planus::Offset<str>>(4);
                }
                if prepared_license.is_some() {
                    table_writer.write_entry::<::planus::Offset<str>>(5);
                }
                if prepared_associated_files.is_some() {
                    table_writer
                        .write_entry::<::planus::Offset<[::planus::Offset<self::AssociatedFile>]>>(
                            6,
                        );
                }
                if prepared_min_parser_version.is_some() {
                    table_writer.write_entry::<::planus::Offset<str>>(7);
                }

                unsafe {
                    table_writer.finish(builder, |object_writer| {
                        if let ::core::option::Option::Some(prepared_name) = prepared_name {
                            object_writer.write::<_, _, 4>(&prepared_name);
                        }
                        if let ::core::option::Option::Some(prepared_description) =
                            prepared_description
                        {
                            object_writer.write::<_, _, 4>(&prepared_description);
                        }
                        if let ::core::option::Option::Some(prepared_version) = prepared_version {
                            object_writer.write::<_, _, 4>(&prepared_version);
                        }
                        if let ::core::option::Option::Some(prepared_subgraph_metadata) =
                            prepared_subgraph_metadata
                        {
                            object_writer.write::<_, _, 4>(&prepared_subgraph_metadata);
                        }
                        if let ::core::option::Option::Some(prepared_author) = prepared_author {
                            object_writer.write::<_, _, 4>(&prepared_author);
                        }
                        if let ::core::option::Option::Some(prepared_license) = prepared_license {
                            object_writer.write::<_, _, 4>(&prepared_license);
                        }
                        if let ::core::option::Option::Some(prepared_associated_files) =
                            prepared_associated_files
                        {
                            object_writer.write::<_, _, 4>(&prepared_associated_files);
                        }
                        if let ::core::option::Option::Some(prepared_min_parser_version) =
                            prepared_min_parser_version
                        {
                            object_writer.write::<_, _, 4>(&prepared_min_parser_version);
                        }
                    });
                }
                builder.current_offset()
            }
        }

        impl ::planus::WriteAs<::planus::Offset<ModelMetadata>> for ModelMetadata {
            type Prepared = ::planus::Offset<Self>;

            #[inline]
            fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<ModelMetadata> {
                ::planus::WriteAsOffset::prepare(self, builder)
            }
        }

        impl ::planus::WriteAsOptional<::planus::Offset<ModelMetadata>> for ModelMetadata {
            type Prepared = ::planus::Offset<Self>;

            #[inline]
            fn prepare(
                &self,
                builder: &mut ::planus::Builder,
            ) -> ::core::option::Option<::planus::Offset<ModelMetadata>> {
                ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
            }
        }

        impl ::planus::WriteAsOffset<ModelMetadata> for ModelMetadata {
            #[inline]
            fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<ModelMetadata> {
                ModelMetadata::create(
                    builder,
                    &self.name,
                    &self.description,
                    &self.version,
                    &self.subgraph_metadata,
                    &self.author,
                    &self.license,
                    &self.associated_files,
                    &self.min_parser_version,
                )
            }
        }

        /// Builder for serializing an instance of the [ModelMetadata] type.
        ///
        /// Can be created using the [ModelMetadata::builder] method.
        #[derive(Debug)]
        #[must_use]
        pub struct ModelMetadataBuilder<State>(State);

        impl ModelMetadataBuilder<()> {
            /// Setter for the [`name` field](ModelMetadata#structfield.name).
            #[inline]
            #[allow(clippy::type_complexity)]
            pub fn name<T0>(self, value: T0) -> ModelMetadataBuilder<(T0,)>
            where
                T0: ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>,
            {
                ModelMetadataBuilder((value,))
            }

            /// Sets the [`name` field](ModelMetadata#structfield.name) to null.
            #[inline]
            #[allow(clippy::type_complexity)]
            pub fn name_as_null(self) -> ModelMetadataBuilder<((),)> {
                self.name(())
            }
        }

        impl<T0> ModelMetadataBuilder<(T0,)> {
            /// Setter for the [`description` field](ModelMetadata#structfield.description).
            #[inline]
            #[allow(clippy::type_complexity)]
            pub fn description<T1>(self, value: T1) -> ModelMetadataBuilder<(T0, T1)>
            where
                T1: ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>,
            {
                let (v0,) = self.0;
                ModelMetadataBuilder((v0, value))
            }

            /// Sets the [`description` field](ModelMetadata#structfield.description) to null.
            #[inline]
            #[allow(clippy::type_complexity)]
            pub fn description_as_null(self) -> ModelMetadataBuilder<(T0, ())> {
                self.description(())
            }
        }

        impl<T0, T1> ModelMetadataBuilder<(T0, T1)> {
            /// Setter for the [`version` field](ModelMetadata#structfield.version).
            #[inline]
            #[allow(clippy::type_complexity)]
            pub fn version<T2>(self, value: T2) -> ModelMetadataBuilder<(T0, T1, T2)>
            where
                T2: ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>,
            {
                let (v0, v1) = self.0;
                ModelMetadataBuilder((v0, v1, value))
            }

            /// Sets the [`version` field](ModelMetadata#structfield.version) to null.
            #[inline]
            #[allow(clippy::type_complexity)]
            pub fn version_as_null(self) -> ModelMetadataBuilder<(T0, T1, ())> {
                self.version(())
            }
        }

        impl<T0, T1, T2> ModelMetadataBuilder<(T0, T1, T2)> {
            /// Setter for the [`subgraph_metadata` field](ModelMetadata#structfield.subgraph_metadata).
            #[inline]
            #[allow(clippy::type_complexity)]
            pub fn subgraph_metadata<T3>(self, value: T3) -> ModelMetadataBuilder<(T0, T1, T2, T3)>
            where
                T3: ::planus::WriteAsOptional<
                    ::planus::Offset<[::planus::Offset<self::SubGraphMetadata>]>,
                >,
            {
                let (v0, v1, v2) = self.0;
                ModelMetadataBuilder((v0, v1, v2, value))
            }

            /// Sets the [`subgraph_metadata` field](ModelMetadata#structfield.subgraph_metadata) to null.
            #[inline]
            #[allow(clippy::type_complexity)]
            pub fn subgraph_metadata_as_null(self) -> ModelMetadataBuilder<(T0, T1, T2, ())> {
                self.subgraph_metadata(())
            }
        }

        impl<T0, T1, T2, T3> ModelMetadataBuilder<(T0, T1, T2, T3)> {
            /// Setter for the [`author` field](ModelMetadata#structfield.author).
            #[inline]
            #[allow(clippy::type_complexity)]
            pub fn author<T4>(self, value: T4) -> ModelMetadataBuilder<(T0, T1, T2, T3, T4)>
            where
                T4: ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>,
            {
                let (v0, v1, v2, v3) = self.0;
                ModelMetadataBuilder((v0, v1, v2, v3, value))
            }

            /// Sets the [`author` field](ModelMetadata#structfield.author) to null.
            #[inline]
            #[allow(clippy::type_complexity)]
            pub fn author_as_null(self) -> ModelMetadataBuilder<(T0, T1, T2, T3, ())> {
                self.author(())
            }
        }

        impl<T0, T1, T2, T3, T4> ModelMetadataBuilder<(T0, T1, T2, T3, T4)> {
            /// Setter for the [`license` field](ModelMetadata#structfield.license).
            #[inline]
            #[allow(clippy::type_complexity)]
            pub fn license<T5>(self, value: T5) -> ModelMetadataBuilder<(T0, T1, T2, T3, T4, T5)>
            where
                T5: ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>,
            {
                let (v0, v1, v2, v3, v4) = self.0;
                ModelMetadataBuilder((v0, v1, v2, v3, v4, value))
            }

            /// Sets the [`license` field](ModelMetadata#structfield.license) to null.
            #[inline]
            #[allow(clippy::type_complexity)]
            pub fn license_as_null(self) -> ModelMetadataBuilder<(T0, T1, T2, T3, T4, ())> {
                self.license(())
            }
        }

        impl<T0, T1, T2, T3, T4, T5> ModelMetadataBuilder<(T0, T1, T2, T3, T4, T5)> {
            /// Setter for the [`associated_files` field](ModelMetadata#structfield.associated_files).
            #[inline]
            #[allow(clippy::type_complexity)]
            pub fn associated_files<T6>(
                self,
                value: T6,
            ) -> ModelMetadataBuilder<(T0, T1, T2, T3, T4, T5, T6)>
            where
                T6: ::planus::WriteAsOptional<
                    ::planus::Offset<[::planus::Offset<self::AssociatedFile>]>,
                >,
            {
                let (v0, v1, v2, v3, v4, v5) = self.0;
                ModelMetadataBuilder((v0, v1, v2, v3, v4, v5, value))
            }

            /// Sets the [`associated_files` field](ModelMetadata#structfield.associated_files) to null.
            #[inline]
            #[allow(clippy::type_complexity)]
            pub fn associated_files_as_null(
                self,
            ) -> ModelMetadataBuilder<(T0, T1, T2, T3, T4, T5, ())> {
                self.associated_files(())
            }
        }

        impl<T0, T1, T2, T3, T4, T5, T6> ModelMetadataBuilder<(T0, T1, T2, T3, T4, T5, T6)> {
            /// Setter for the [`min_parser_version` field](ModelMetadata#structfield.min_parser_version).
            #[inline]
            #[allow(clippy::type_complexity)]
            pub fn min_parser_version<T7>(
                self,
                value: T7,
            ) -> ModelMetadataBuilder<(T0, T1, T2, T3, T4, T5, T6, T7)>
            where
                T7: ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>,
            {
                let (v0, v1, v2, v3, v4, v5, v6) = self.0;
                ModelMetadataBuilder((v0, v1, v2, v3, v4, v5, v6, value))
            }

            /// Sets the [`min_parser_version` field](ModelMetadata#structfield.min_parser_version) to null.
            #[inline]
            #[allow(clippy::type_complexity)]
            pub fn min_parser_version_as_null(
                self,
            ) -> ModelMetadataBuilder<(T0, T1, T2, T3, T4, T5, T6, ())> {
                self.min_parser_version(())
            }
        }

        impl<T0, T1, T2, T3, T4, T5, T6, T7> ModelMetadataBuilder<(T0, T1, T2, T3, T4, T5, T6, T7)> {
            /// Finish writing the builder to get an [Offset](::planus::Offset) to a serialized [ModelMetadata].
            #[inline]
            pub fn finish(self, builder: &mut ::planus::Builder) -> ::planus::Offset<ModelMetadata>
            where
                Self: ::planus::WriteAsOffset<ModelMetadata>,
            {
                ::planus::WriteAsOffset::prepare(&self, builder)
            }
        }

        impl<
                T0: ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>,
                T1: ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>,
                T2: ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>,
                T3: ::planus::WriteAsOptional<
                    ::planus::Offset<[::planus::Offset<self::SubGraphMetadata>]>,
                >,
                T4: ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>,
                T5: ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>,
                T6: ::planus::WriteAsOptional<
                    ::planus::Offset<[::planus::Offset<self::AssociatedFile>]>,
                >,
                T7: ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>,
            > ::planus::WriteAs<::planus::Offset<ModelMetadata>>
            for ModelMetadataBuilder<(T0, T1, T2, T3, T4, T5, T6, T7)>
        {
            type Prepared = ::planus::Offset<ModelMetadata>;

            #[inline]
            fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<ModelMetadata> {
                ::planus::WriteAsOffset::prepare(self, builder)
            }
        }

        impl<
                T0: ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>,
                T1: ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>,
                T2: ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>,
                T3: ::planus::WriteAsOptional<
                    ::planus::Offset<[::planus::Offset<self::SubGraphMetadata>]>,
                >,
                T4: ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>,
                T5: ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>,
                T6: ::planus::WriteAsOptional<
                    ::planus::Offset<[::planus::Offset<self::AssociatedFile>]>,
                >,
                T7: ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>,
            > ::planus::WriteAsOptional<::planus::Offset<ModelMetadata>>
            for ModelMetadataBuilder<(T0, T1, T2, T3, T4, T5, T6, T7)>
        {
            type Prepared = ::planus::Offset<ModelMetadata>;

            #[inline]
            fn prepare(
                &self,
                builder: &mut ::planus::Builder,
            ) -> ::core::option::Option<::planus::Offset<ModelMetadata>> {
                ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
            }
        }

        impl<
                T0: ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>,
                T1: ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>,
                T2: ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>,
                T3: ::planus::WriteAsOptional<
                    ::planus::Offset<[::planus::Offset<self::SubGraphMetadata>]>,
                >,
                T4: ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>,
                T5: ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>,
                T6: ::planus::WriteAsOptional<
                    ::planus::Offset<[::planus::Offset<self::AssociatedFile>]>,
                >,
                T7: ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>,
            > ::planus::WriteAsOffset<ModelMetadata>
            for ModelMetadataBuilder<(T0, T1, T2, T3, T4, T5, T6, T7)>
        {
            #[inline]
            fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<ModelMetadata> {
                let (v0, v1, v2, v3, v4, v5, v6, v7) = &self.0;
                ModelMetadata::create(builder, v0, v1, v2, v3, v4, v5, v6, v7)
            }
        }

        /// Reference to a deserialized [ModelMetadata].
        #[derive(Copy, Clone)]
        pub struct ModelMetadataRef<'a>(#[allow(dead_code)] ::planus::table_reader::Table<'a>);

        impl<'a> ModelMetadataRef<'a> {
            /// Getter for the [`name` field](ModelMetadata#structfield.name).
            #[inline]
            pub fn name(
                &self,
            ) -> ::planus::Result<::core::option::Option<&'a ::core::primitive::str>> {
                self.0.access(0, "ModelMetadata", "name")
            }

            /// Getter for the [`description` field](ModelMetadata#structfield.description).
            #[inline]
            pub fn description(
                &self,
            ) -> ::planus::Result<::core::option::Option<&'a ::core::primitive::str>> {
                self.0.access(1, "ModelMetadata", "description")
            }

            /// Getter for the [`version` field](ModelMetadata#structfield.version).
            #[inline]
            pub fn version(
                &self,
            ) -> ::planus::Result<::core::option::Option<&'a ::core::primitive::str>> {
                self.0.access(2, "ModelMetadata", "version")
            }

            /// Getter for the [`subgraph_metadata` field](ModelMetadata#structfield.subgraph_metadata).
            #[inline]
            pub fn subgraph_metadata(
                &self,
            ) -> ::planus::Result<
                ::core::option::Option<
                    ::planus::Vector<'a, ::planus::Result<self::SubGraphMetadataRef<'a>>>,
                >,
            > {
                self.0.access(3, "ModelMetadata", "subgraph_metadata")
            }

            /// Getter for the [`author` field](ModelMetadata#structfield.author).
            #[inline]
            pub fn author(
                &self,
            ) -> ::planus::Result<::core::option::Option<&'a ::core::primitive::str>> {
                self.0.access(4, "ModelMetadata", "author")
            }

            /// Getter for the [`license` field](ModelMetadata#structfield.license).
            #[inline]
            pub fn license(
                &self,
            ) -> ::planus::Result<::core::option::Option<&'a ::core::primitive::str>> {
                self.0.access(5, "ModelMetadata", "license")
            }

            /// Getter for the [`associated_files` field](ModelMetadata#structfield.associated_files).
            #[inline]
            pub fn associated_files(
                &self,
            ) -> ::planus::Result<
                ::core::option::Option<
                    ::planus::Vector<'a, ::planus::Result<self::AssociatedFileRef<'a>>>,
                >,
            > {
                self.0.access(6, "ModelMetadata", "associated_files")
            }

            /// Getter for the [`min_parser_version` field](ModelMetadata#structfield.min_parser_version).
            #[inline]
            pub fn min_parser_version(
                &self,
            ) -> ::planus::Result<::core::option::Option<&'a ::core::primitive::str>> {
                self.0.access(7, "ModelMetadata", "min_parser_version")
            }
        }

        impl<'a> ::core::fmt::Debug for ModelMetadataRef<'a> {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                let mut f = f.debug_struct("ModelMetadataRef");
                if let ::core::option::Option::Some(field_name) = self.name().transpose() {
                    f.field("name", &field_name);
                }
                if let ::core::option::Option::Some(field_description) =
                    self.description().transpose()
                {
                    f.field("description", &field_description);
                }
                if let ::core::option::Option::Some(field_version) = self.version().transpose() {
                    f.field("version", &field_version);
                }
                if let ::core::option::Option::Some(field_subgraph_metadata) =
                    self.subgraph_metadata().transpose()
                {
                    f.field("subgraph_metadata", &field_subgraph_metadata);
                }
                if let ::core::option::Option::Some(field_author) = self.author().transpose() {
                    f.field("author", &field_author);
                }
                if let ::core::option::Option::Some(field_license) = self.license().transpose() {
                    f.field("license", &field_license);
                }
                if let ::core::option::Option::Some(field_associated_files) =
                    self.associated_files().transpose()
                {
                    f.field("associated_files", &field_associated_files);
                }
                if let ::core::option::Option::Some(field_min_parser_version) =
                    self.min_parser_version().transpose()
                {
                    f.field("min_parser_version", &field_min_parser_version);
                }
                f.finish()
            }
        }

        impl<'a> ::core::convert::TryFrom<ModelMetadataRef<'a>> for ModelMetadata {
            type Error = ::planus::Error;

            #[allow(unreachable_code)]
            fn try_from(value: ModelMetadataRef<'a>) -> ::planus::Result<Self> {
                ::core::result::Result::Ok(Self {
                    name: value.name()?.map(::core::convert::Into::into),
                    description: value.description()?.map(::core::convert::Into::into),
                    version: value.version()?.map(::core::convert::Into::into),
                    subgraph_metadata: if let ::core::option::Option::Some(subgraph_metadata) =
                        value.subgraph_metadata()?
                    {
                        ::core::option::Option::Some(subgraph_metadata.to_vec_result()?)
                    } else {
                        ::core::option::Option::None
                    },
                    author: value.author()?.map(::core::convert::Into::into),
                    license: value.license()?.map(::core::convert::Into::into),
                    associated_files: if let ::core::option::Option::Some(associated_files) =
                        value.associated_files()?
                    {
                        ::core::option::Option::Some(associated_files.to_vec_result()?)
                    } else {
                        ::core::option::Option::None
                    },
                    min_parser_version: value
                        .min_parser_version()?
                        .map(::core::convert::Into::into),
                })
            }
        }

        impl<'a> ::planus::TableRead<'a> for ModelMetadataRef<'a> {
            #[inline]
            fn from_buffer(
                buffer: ::planus::SliceWithStartOffset<'a>,
                offset: usize,
            ) -> ::core::result::Result<Self, ::planus::errors::ErrorKind> {
                ::core::result::Result::Ok(Self(::planus::table_reader::Table::from_buffer(
                    buffer, offset,
                )?))
            }
        }

        impl<'a> ::planus::VectorReadInner<'a> for ModelMetadataRef<'a> {
            type Error = ::planus::Error;
            const STRIDE: usize = 4;

            unsafe fn from_buffer(
                buffer: ::planus::SliceWithStartOffset<'a>,
                offset: usize,
            ) -> ::planus::Result<Self> {
                ::planus::TableRead::from_buffer(buffer, offset).map_err(|error_kind| {
                    error_kind.with_error_location(
                        "[ModelMetadataRef]",
                        "get",
                        buffer.offset_from_start,
                    )
                })
            }
        }

        /// # Safety
        /// The planus compiler generates implementations that initialize
        /// the bytes in `write_values`.
        unsafe impl ::planus::VectorWrite<::planus::Offset<ModelMetadata>> for ModelMetadata {
            type Value = ::planus::Offset<ModelMetadata>;
            const STRIDE: usize = 4;
            #[inline]
            fn prepare(&self, builder: &mut ::planus::Builder) -> Self::Value {
                ::planus::WriteAs::prepare(self, builder)
            }

            #[inline]
            unsafe fn write_values(
                values: &[::planus::Offset<ModelMetadata>],
                bytes: *mut ::core::mem::MaybeUninit<u8>,
                buffer_position: u32,
            ) {
                let bytes = bytes as *mut [::core::mem::MaybeUninit<u8>; 4];
                for (i, v) in ::core::iter::Iterator::enumerate(values.iter()) {
                    ::planus::WriteAsPrimitive::write(
                        v,
                        ::planus::Cursor::new(unsafe { &mut *bytes.add(i) }),
                        buffer_position - (Self::STRIDE * i) as u32,
                    );
                }
            }
        }

        impl<'a> ::planus::ReadAsRoot<'a> for ModelMetadataRef<'a> {
            fn read_as_root(slice: &'a [u8]) -> ::planus::Result<Self> {
                ::planus::TableRead::from_buffer(
                    ::planus::SliceWithStartOffset {
                        buffer: slice,
                        offset_from_start: 0,
                    },
                    0,
                )
                .map_err(|error_kind| {
                    error_kind.with_error_location("[ModelMetadataRef]", "read_as_root", 0)
                })
            }
        }
    }
}
