use super::*;

pub(crate) fn identity(dim: usize) -> ModelIdentity {
    ModelIdentity {
        file_name: "test.tflite".into(),
        model_sha256: "00".repeat(32),
        preprocessing: "test".into(),
        dim,
    }
}

fn unit(dim: usize, i: usize) -> Vec<f32> {
    let mut v = vec![0.0; dim];
    v[i % dim] = 1.0;
    v
}

#[test]
fn label_validation_table() {
    let ok = [
        "cat",
        "Café crème",
        "class-7",
        "🍎 apple",
        "👨\u{200D}👩\u{200D}👧 family",
        "می\u{200C}خواهم",
        &"x".repeat(200),
    ];
    for l in ok {
        assert_eq!(validate_label(l).as_deref(), Ok(l), "{l:?}");
    }
    let bad = [
        "",
        " cat",
        "cat ",
        "a\nb",
        "tab\there",
        &"x".repeat(201),
        "milk\u{202E}klim",
        "\u{2066}oat\u{2069}",
        "zero\u{200B}width",
        "\u{FEFF}bom",
        "soft\u{00AD}hyphen",
    ];
    for l in bad {
        assert!(
            matches!(validate_label(l), Err(IndexError::BadLabel { .. })),
            "{l:?}"
        );
    }
    let err = validate_label("milk\u{202E}klim").unwrap_err().to_string();
    assert!(
        err.contains("U+202E") && err.contains("bidirectional"),
        "{err}"
    );
}

#[test]
fn labels_are_one_class_whatever_their_unicode_form() {
    let composed = "caf\u{e9}";
    let decomposed = "cafe\u{301}";
    assert_eq!(validate_label(decomposed).unwrap(), composed);
    let mut idx = Index::new(identity(4));
    let a = idx.ensure_class(decomposed, 1).unwrap();
    assert_eq!(idx.classes()[0].label, composed, "stored in NFC");
    assert_eq!(idx.ensure_class(composed, 2).unwrap(), a, "same class");
    assert_eq!(idx.class_by_label(decomposed).unwrap().id, a);
    idx.rename_class(composed, "Cafe\u{301} cr\u{e8}me")
        .unwrap();
    assert_eq!(idx.classes()[0].label, "Caf\u{e9} cr\u{e8}me");
    // Renaming to its own other form is not a clash.
    idx.rename_class("Caf\u{e9} cr\u{e8}me", "Cafe\u{301} cre\u{300}me")
        .unwrap();
    idx.remove_class("Cafe\u{301} crème").unwrap();
    assert!(idx.classes().is_empty());
    // A label stored in another form by an older version is still found.
    let mut old = Index::new(identity(4));
    old.classes.push(Class {
        id: 1,
        label: decomposed.into(),
        created: 0,
    });
    old.next_class_id = 2;
    assert_eq!(old.class_by_label(composed).unwrap().id, 1);
    assert_eq!(old.ensure_class(composed, 3).unwrap(), 1);
}

#[test]
fn enroll_remove_rename() {
    let mut idx = Index::new(identity(4));
    let cat = idx.ensure_class("cat", 10).unwrap();
    let dog = idx.ensure_class("dog", 11).unwrap();
    assert_eq!(idx.ensure_class("cat", 12).unwrap(), cat);
    let s1 = idx
        .add_sample(cat, "a.jpg", &unit(4, 0), None, Some([1; 32]), 20)
        .unwrap();
    idx.add_sample(dog, "b.jpg", &unit(4, 1), None, Some([2; 32]), 21)
        .unwrap();
    idx.add_sample(cat, "c.jpg", &unit(4, 2), Some(vec![1, 2]), None, 22)
        .unwrap();
    assert_eq!((idx.vectors().rows(), idx.vectors().dim()), (3, 4));
    assert_eq!(idx.class_table().row_class, &[0, 1, 0]);
    let counts: Vec<(String, usize)> = idx
        .summaries()
        .into_iter()
        .map(|s| (s.class.label, s.samples))
        .collect();
    assert_eq!(counts, vec![("cat".into(), 2), ("dog".into(), 1)]);
    // ‖e0 + e2‖ = √2
    assert!((idx.class_table().sum_norms[0] - 2f32.sqrt()).abs() < 1e-6);
    assert!((idx.class_table().sum_norms[1] - 1.0).abs() < 1e-6);
    // Content is known per class.
    assert!(idx.has_content(cat, &[1; 32]));
    assert!(!idx.has_content(dog, &[1; 32]));
    assert!(idx.has_content(dog, &[2; 32]));
    assert_eq!(idx.contents_of(cat), HashSet::from([[1; 32]]));

    assert_eq!(
        idx.add_sample(cat, "x", &[1.0], None, None, 0),
        Err(IndexError::Dimension { got: 1, want: 4 })
    );
    idx.rename_class("cat", "kitten").unwrap();
    assert_eq!(
        idx.rename_class("kitten", "dog"),
        Err(IndexError::ClassExists("dog".into()))
    );
    assert_eq!(
        idx.rename_class("nope", "x"),
        Err(IndexError::NoSuchClass("nope".into()))
    );
    idx.remove_sample(s1).unwrap();
    assert_eq!(idx.remove_sample(s1), Err(IndexError::NoSuchSample(s1)));
    assert!(!idx.has_content(cat, &[1; 32]), "forgotten with its sample");
    assert_eq!(idx.vectors().to_f32()[..4], unit(4, 1));
    idx.remove_class("dog").unwrap();
    assert_eq!(idx.samples().len(), 1);
    assert_eq!(idx.class_table().row_class, &[0]);
    assert_eq!(idx.classes()[0].label, "kitten");
    // Ids are never reused.
    let bird = idx.ensure_class("bird", 30).unwrap();
    assert!(bird > dog);
}
