/*
 * A fake EdgeTPU delegate for cbrd's tests: a TensorFlow Lite external delegate plugin
 * (the `tflite_plugin_create_delegate` / `tflite_plugin_destroy_delegate` interface of
 * Coral's libedgetpu) that claims every `edgetpu-custom-op` node and runs it as an identity.
 *
 * The two plugin entry points are exported by src/lib.rs, which forwards to
 * cbrd_fake_create_delegate / cbrd_fake_destroy_delegate below (a Rust cdylib exports only the
 * symbols that Rust defines).
 *
 * Options (key=value strings):
 *   log=<path>   append one line per event to <path>:
 *                  "create k1=v1 k2=v2 ..."  (all options, in the order given)
 *                  "prepare claimed=<N>"     (N = number of nodes taken over)
 *                  "invoke"                  (each run of a delegated kernel)
 *                  "destroy"
 *                Without it nothing is logged.
 *   fail=create  log the create line, call report_error (if any), return NULL.
 *   fail=prepare log the prepare line, then fail Prepare (so the interpreter is not created).
 *   fail=invoke  log the invoke line, then fail the delegated kernel's invoke.
 *   Any other option is accepted and ignored (it is only logged). An unknown `fail` value is
 *   reported and makes create return NULL.
 *
 * Written against the TensorFlow Lite 2.9 C headers in ../include (Apache-2.0).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tensorflow/lite/c/common.h"

/* From tensorflow/lite/builtin_ops.h (not vendored): the builtin codes used here. */
enum {
  kFakeBuiltinCustom = 32,   /* kTfLiteBuiltinCustom */
  kFakeBuiltinDelegate = 51, /* kTfLiteBuiltinDelegate */
};

static const char kEdgeTpuCustomOp[] = "edgetpu-custom-op";

typedef enum FakeFail {
  kFakeFailNone = 0,
  kFakeFailPrepare,
  kFakeFailInvoke,
} FakeFail;

/* Owned by the delegate (TfLiteDelegate::data_); freed by cbrd_fake_destroy_delegate. */
typedef struct FakeDelegateData {
  char* log_path; /* NULL: no logging */
  FakeFail fail;
} FakeDelegateData;

/* Appends one line to the log file, if any: open, write, close, so nothing is buffered. */
static void fake_log(const FakeDelegateData* data, const char* fmt, ...) {
  if (data == NULL || data->log_path == NULL) return;
  FILE* f = fopen(data->log_path, "a");
  if (f == NULL) return;
  va_list args;
  va_start(args, fmt);
  vfprintf(f, fmt, args);
  va_end(args);
  fputc('\n', f);
  fclose(f);
}

static char* fake_strdup(const char* s) {
  size_t n = strlen(s) + 1;
  char* copy = malloc(n);
  if (copy != NULL) memcpy(copy, s, n);
  return copy;
}

/* ---- the delegated kernel ------------------------------------------------------------------ */

/* `buffer` is a TfLiteDelegateParams*; the kernel's user_data is the delegate's data. */
static void* fake_kernel_init(TfLiteContext* context, const char* buffer, size_t length) {
  (void)context;
  (void)length;
  const TfLiteDelegateParams* params = (const TfLiteDelegateParams*)(const void*)buffer;
  return params->delegate->data_;
}

/* Identity: copies the bytes of the node's first input tensor into its first output tensor. */
static TfLiteStatus fake_kernel_invoke(TfLiteContext* context, TfLiteNode* node) {
  const FakeDelegateData* data = (const FakeDelegateData*)node->user_data;
  fake_log(data, "invoke");
  if (data != NULL && data->fail == kFakeFailInvoke) {
    context->ReportError(context, "fake delegate: asked to fail in invoke");
    return kTfLiteError;
  }
  if (node->inputs == NULL || node->inputs->size < 1 || node->outputs == NULL ||
      node->outputs->size < 1 || node->inputs->data[0] < 0 || node->outputs->data[0] < 0) {
    context->ReportError(context, "fake delegate: the delegated node has no input or no output");
    return kTfLiteError;
  }
  const TfLiteTensor* in = &context->tensors[node->inputs->data[0]];
  TfLiteTensor* out = &context->tensors[node->outputs->data[0]];
  if (in->bytes != out->bytes) {
    context->ReportError(context,
                         "fake delegate: input has %lu bytes but output has %lu bytes",
                         (unsigned long)in->bytes, (unsigned long)out->bytes);
    return kTfLiteError;
  }
  if (in->bytes > 0) {
    if (in->data.raw == NULL || out->data.raw == NULL) {
      context->ReportError(context, "fake delegate: input or output tensor is not allocated");
      return kTfLiteError;
    }
    memcpy(out->data.raw, in->data.raw, in->bytes);
  }
  return kTfLiteOk;
}

/* ---- the delegate ---------------------------------------------------------------------------- */

static int is_edgetpu_op(const TfLiteRegistration* reg) {
  return reg != NULL && reg->builtin_code == kFakeBuiltinCustom && reg->custom_name != NULL &&
         strcmp(reg->custom_name, kEdgeTpuCustomOp) == 0;
}

static TfLiteStatus fake_delegate_prepare(TfLiteContext* context, TfLiteDelegate* delegate) {
  const FakeDelegateData* data = (const FakeDelegateData*)delegate->data_;
  TfLiteIntArray* plan = NULL;
  if (context->GetExecutionPlan(context, &plan) != kTfLiteOk || plan == NULL) {
    context->ReportError(context, "fake delegate: cannot get the execution plan");
    return kTfLiteError;
  }
  /* Collect the nodes first: replacing them changes the execution plan. */
  TfLiteIntArray* claimed = malloc(sizeof(int) * (1 + (size_t)plan->size));
  if (claimed == NULL) {
    context->ReportError(context, "fake delegate: out of memory");
    return kTfLiteError;
  }
  claimed->size = 0;
  for (int i = 0; i < plan->size; i++) {
    int node_index = plan->data[i];
    TfLiteNode* node = NULL;
    TfLiteRegistration* reg = NULL;
    if (context->GetNodeAndRegistration(context, node_index, &node, &reg) != kTfLiteOk) {
      free(claimed);
      context->ReportError(context, "fake delegate: cannot get node %d", node_index);
      return kTfLiteError;
    }
    if (is_edgetpu_op(reg)) claimed->data[claimed->size++] = node_index;
  }
  fake_log(data, "prepare claimed=%d", claimed->size);
  if (data->fail == kFakeFailPrepare) {
    free(claimed);
    context->ReportError(context, "fake delegate: asked to fail in prepare");
    return kTfLiteError;
  }
  TfLiteStatus status = kTfLiteOk;
  if (claimed->size > 0) {
    TfLiteRegistration kernel;
    memset(&kernel, 0, sizeof kernel);
    kernel.init = fake_kernel_init;
    kernel.invoke = fake_kernel_invoke;
    kernel.builtin_code = kFakeBuiltinDelegate;
    kernel.custom_name = "cbrd-fake-edgetpu";
    kernel.version = 1;
    status = context->ReplaceNodeSubsetsWithDelegateKernels(context, kernel, claimed, delegate);
  }
  free(claimed);
  return status;
}

/* ---- plugin entry points (exported by src/lib.rs) --------------------------------------------- */

TfLiteDelegate* cbrd_fake_create_delegate(char** keys, char** values, size_t num_options,
                                          void (*report_error)(const char*));
void cbrd_fake_destroy_delegate(TfLiteDelegate* delegate);

static TfLiteDelegate* fail_create(FakeDelegateData* data, void (*report_error)(const char*),
                                   const char* message) {
  if (report_error != NULL) report_error(message);
  free(data->log_path);
  free(data);
  return NULL;
}

TfLiteDelegate* cbrd_fake_create_delegate(char** keys, char** values, size_t num_options,
                                          void (*report_error)(const char*)) {
  FakeDelegateData* data = calloc(1, sizeof *data);
  if (data == NULL) {
    if (report_error != NULL) report_error("fake delegate: out of memory");
    return NULL;
  }
  const char* fail = NULL;
  for (size_t i = 0; i < num_options; i++) {
    if (keys[i] == NULL || values[i] == NULL) continue;
    if (strcmp(keys[i], "log") == 0) {
      free(data->log_path);
      data->log_path = fake_strdup(values[i]);
      if (data->log_path == NULL) return fail_create(data, report_error, "fake delegate: out of memory");
    } else if (strcmp(keys[i], "fail") == 0) {
      fail = values[i];
    }
  }

  if (data->log_path != NULL) {
    FILE* f = fopen(data->log_path, "a");
    if (f != NULL) {
      fputs("create", f);
      for (size_t i = 0; i < num_options; i++) {
        fprintf(f, " %s=%s", keys[i] != NULL ? keys[i] : "(null)",
                values[i] != NULL ? values[i] : "(null)");
      }
      fputc('\n', f);
      fclose(f);
    }
  }

  if (fail != NULL) {
    if (strcmp(fail, "create") == 0) {
      return fail_create(data, report_error, "fake delegate: asked to fail");
    } else if (strcmp(fail, "prepare") == 0) {
      data->fail = kFakeFailPrepare;
    } else if (strcmp(fail, "invoke") == 0) {
      data->fail = kFakeFailInvoke;
    } else {
      return fail_create(data, report_error,
                         "fake delegate: unknown fail value (expected create, prepare or invoke)");
    }
  }

  /* Starts as TfLiteDelegateCreate() would (everything zero/NULL). Like libedgetpu's delegate,
   * it declares kTfLiteDelegateFlagsAllowDynamicTensors: without that flag, TFLite's
   * ModifyGraphWithDelegate first prepares every node of the graph to look for dynamic
   * tensors, which fails on the still unresolved `edgetpu-custom-op` before Prepare below has
   * had a chance to claim it ("Encountered unresolved custom op"). */
  TfLiteDelegate* delegate = calloc(1, sizeof *delegate);
  if (delegate == NULL) return fail_create(data, report_error, "fake delegate: out of memory");
  delegate->data_ = data;
  delegate->Prepare = fake_delegate_prepare;
  delegate->CopyFromBufferHandle = NULL;
  delegate->CopyToBufferHandle = NULL;
  delegate->FreeBufferHandle = NULL;
  delegate->flags = kTfLiteDelegateFlagsAllowDynamicTensors;
  return delegate;
}

void cbrd_fake_destroy_delegate(TfLiteDelegate* delegate) {
  if (delegate == NULL) return;
  FakeDelegateData* data = (FakeDelegateData*)delegate->data_;
  fake_log(data, "destroy");
  if (data != NULL) {
    free(data->log_path);
    free(data);
  }
  free(delegate);
}
