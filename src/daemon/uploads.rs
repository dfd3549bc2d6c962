//! The upload jobs waiting for the infer thread, taken one image at a time: the infer loop
//! embeds at most one upload image between two camera frames, and the jobs take turns
//! (round robin), so a large enrollment neither stalls the camera nor the other requests.
//! Pure: the embedding is passed in.

use std::collections::VecDeque;

use crate::request::EmbedJob;

/// One job in progress: its images and the results so far.
struct Pending {
    job: EmbedJob,
    results: Vec<Result<Vec<f32>, String>>,
}

#[derive(Default)]
pub(super) struct Uploads {
    queue: VecDeque<Pending>,
}

impl Uploads {
    pub(super) fn push(&mut self, job: EmbedJob) {
        let results = Vec::with_capacity(job.images.len());
        self.queue.push_back(Pending { job, results });
    }

    pub(super) fn is_empty(&self) -> bool {
        self.queue.is_empty()
    }

    /// Embeds the next image of the job whose turn it is; a finished job gets its reply (the
    /// requester may have given up: nobody is told). Then the next job's turn.
    pub(super) fn step(
        &mut self,
        mut embed: impl FnMut(&image::RgbImage) -> Result<Vec<f32>, String>,
    ) {
        let Some(mut p) = self.queue.pop_front() else {
            return;
        };
        if let Some(img) = p.job.images.get(p.results.len()) {
            let r = embed(img);
            p.results.push(r);
        }
        if p.results.len() >= p.job.images.len() {
            let _ = p.job.reply.send(p.results);
        } else {
            self.queue.push_back(p);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::RgbImage;
    use std::sync::mpsc;

    type Answers = mpsc::Receiver<Vec<Result<Vec<f32>, String>>>;

    fn job(tag: u8, n: usize) -> (EmbedJob, Answers) {
        let (reply, rx) = mpsc::channel();
        let images = (0..n)
            .map(|i| RgbImage::from_pixel(1, 1, image::Rgb([tag, i as u8, 0])))
            .collect();
        (EmbedJob { images, reply }, rx)
    }

    #[test]
    fn jobs_take_turns_one_image_at_a_time() {
        let mut u = Uploads::default();
        let (big, big_rx) = job(1, 3);
        let (small, small_rx) = job(2, 1);
        u.push(big);
        u.push(small);
        let mut order = Vec::new();
        let mut embed = |img: &RgbImage| {
            let p = img.get_pixel(0, 0).0;
            order.push((p[0], p[1]));
            if p[0] == 1 && p[1] == 1 {
                Err("bad image".to_string())
            } else {
                Ok(vec![f32::from(p[0]), f32::from(p[1])])
            }
        };
        for _ in 0..4 {
            u.step(&mut embed);
        }
        assert!(u.is_empty());
        // The small job did not wait for the big one.
        assert_eq!(order, [(1, 0), (2, 0), (1, 1), (1, 2)]);
        assert_eq!(small_rx.try_recv().unwrap(), vec![Ok(vec![2.0, 0.0])]);
        let big = big_rx.try_recv().unwrap();
        assert_eq!(big.len(), 3);
        assert_eq!(big[1], Err("bad image".to_string()));
        // One image per step: a step with nothing queued does nothing.
        u.step(|_| panic!("nothing to embed"));
    }

    #[test]
    fn an_empty_job_is_answered_at_once() {
        let mut u = Uploads::default();
        let (empty, rx) = job(3, 0);
        u.push(empty);
        u.step(|_| panic!("no image"));
        assert_eq!(rx.try_recv().unwrap(), vec![]);
        assert!(u.is_empty());
    }
}
